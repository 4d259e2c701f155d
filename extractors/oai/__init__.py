"""OAI-PMH answers read with lxml: the protocol (errors, safe parsing, Identify, ListSets,
datestamps) in :mod:`extractors.oai.protocol`, ListRecords pages and the record mapping in
:mod:`extractors.oai.records`. The harvest itself is :mod:`extractors.oai_pmh`."""
