"""CKAN site settings (ckan.ini keys) from a province config: a department portal, Vietnamese first.

Run by up.sh with CKAN's own Python (it has PyYAML): prints `key=value` lines for
`ckan config-tool`. The config is STCAT_SITE_CONFIG (default config/provinces/backan.yaml);
title, description, intro and about text come from its `publisher`, the logo from
deploy/ckan/public (served through extra_public_paths). One line per value: config-tool
writes plain ini lines (no line breaks inside a value).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def settings(config: Path, ckan_dir: str) -> dict[str, str]:
    pub = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("publisher") or {}
    name = str(pub.get("name") or "Sở Khoa học và Công nghệ")
    name_en = str(pub.get("name_en") or name)
    email = str(pub.get("contact_email") or "")
    office = str(pub.get("contact_name") or name)
    contact = f" Liên hệ / Contact: {office}" + (f", <{email}>." if email else ".")
    return {
        "ckan.site_title": f"Dữ liệu mở KH&CN - {name}",
        "ckan.site_description": f"Open science and technology data - {name_en}",
        "ckan.site_intro_text": (
            f"**Dữ liệu mở khoa học và công nghệ.** {name} công bố danh mục nhiệm vụ KH&CN (đề tài, dự án, "
            f"đề án), kết quả nghiệm thu, công bố khoa học và văn bản liên quan, cập nhật hằng đêm. Tải về CSV "
            f"(mở bằng Excel), Parquet hoặc truy vấn qua API. *Science and technology open data of "
            f"{name_en}: tasks, acceptance results, publications and decisions, updated nightly; CSV for Excel, "
            f"Parquet and an API.*"
        ),
        "ckan.site_about": (
            f"Cổng dữ liệu mở của {name}. Dữ liệu được thu thập tự động từ các trang tin và tệp đính kèm "
            f"của Sở, chuẩn hoá và công bố theo giấy phép mở.{contact} *The open data portal of {name_en}: "
            f"collected from the department's pages and attachments, normalised and published under an open "
            f"licence.*"
        ),
        "ckan.site_logo": "/stcat/logo.svg",
        "ckan.favicon": "/stcat/logo.svg",
        "ckan.locale_default": "vi",
        "ckan.locales_offered": "vi en",
        "ckan.display_timezone": "Asia/Ho_Chi_Minh",
        "extra_public_paths": f"{ckan_dir}/public",
        "extra_template_paths": f"{ckan_dir}/templates",
    }


if __name__ == "__main__":
    cfg = Path(os.environ.get("STCAT_SITE_CONFIG") or ROOT / "config/provinces/backan.yaml")
    for k, v in settings(cfg, sys.argv[1]).items():
        print(f"{k}={v}")
