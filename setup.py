"""Build of the one compiled module, extractors/_oai_walk.pyx (the C readers of OAI-PMH pages).
Everything else is declared in pyproject.toml. The module is optional: where it cannot be
compiled (no C compiler), the install goes on without it and extractors.oai_pmh uses its Python
walk, which builds the same records more slowly."""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

extensions = cythonize(
    [Extension("extractors._oai_walk", ["extractors/_oai_walk.pyx"], include_dirs=lxml.get_include())],
    compiler_directives={"language_level": 3},
    quiet=True,
)
for ext in extensions:
    ext.optional = True  # cythonize builds new Extension objects: set it on those

setup(ext_modules=extensions)
