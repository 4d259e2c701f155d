"""Build of the one compiled module, extractors/_oai_walk.pyx (the C record walk of OAI-PMH
pages over lxml's tree). Everything else is declared in pyproject.toml. The module is optional:
where it cannot be compiled, extractors.oai_pmh uses its Python walk, which builds the same
records more slowly."""
import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize(
    [Extension("extractors._oai_walk", ["extractors/_oai_walk.pyx"], include_dirs=lxml.get_include(),
               optional=True)],
    compiler_directives={"language_level": 3}, quiet=True))
