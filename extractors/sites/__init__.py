"""Site adapters: configuration (selectors, date order, encoding) plus an optional code hook.

`adapter.load_adapter` reads config/sites/<name>.yaml; `page` parses listing and article
pages (pure); `crawl.iter_records` fetches listing → articles → attachments for kind `html`.
"""
