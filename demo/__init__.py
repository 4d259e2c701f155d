"""The bundled sample behind `stcat demo`, kept apart from the library packages.

- ``demo/portal/``: a static copy of a provincial S&T department's news site (HTML pages, robots.txt
  and XLSX, Word 97 and PDF attachments), served on loopback by ``flows.serve.serve_directory``;
- ``demo.publications``: sample works and one loopback server answering as OAI-PMH, OpenAlex and
  Crossref do;
- ``demo.make_attachments``: regenerates the portal's binary attachments from code.

Only ``flows/demo.py`` (the demo command) imports this package; extractors, transforms and catalog
never do. Tests and benchmarks use it as their sample data.
"""
