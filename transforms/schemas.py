"""Canonical tables v1: explicit pyarrow schemas plus a bilingual data dictionary.

Every table the warehouse writes and the catalogs publish is declared here, once.
Transforms cast to these schemas instead of letting pandas or Arrow infer types, and
the catalog builds Table Schema (datapackage.json), CKAN datastore fields and the
human data dictionary from the same declarations.

Its length (over 500 lines) is the declarations themselves: one entry per column of every
table, with its Vietnamese and English descriptions; splitting them would scatter the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "1"

STR = pa.string()
INT = pa.int64()
F64 = pa.float64()
TS = pa.timestamp("us", tz="UTC")  # Parquet has no second unit: us round-trips exactly
LIST_STR = pa.list_(pa.string())
BOOL = pa.bool_()


@dataclass(frozen=True)
class Column:
    """One column of a canonical table with its Vietnamese and English description."""

    name: str
    type: pa.DataType
    vi: str
    en: str
    required: bool = False
    enum: tuple[str, ...] | None = None


LEVELS = ("national", "ministry", "provincial", "grassroots")
KINDS = ("research_topic", "trial_production_project", "st_project", "scheme", "program", "other")
GRADES = ("excellent", "good", "pass", "fail")
STATUSES = ("proposed", "approved", "in_progress", "accepted", "applied", "terminated", "unknown")


def _raw(name: str, vi: str, en: str) -> Column:
    return Column(f"{name}_raw", STR, f"Nguyên văn đã công bố của trường {vi}", f"Original published text of {en}")


TASKS: tuple[Column, ...] = (
    Column(
        "task_id",
        STR,
        "Mã định danh ổn định của nhiệm vụ (do stcat tạo)",
        "Stable task identifier (assigned by stcat)",
        True,
    ),
    Column("code", STR, "Mã số nhiệm vụ do cơ quan quản lý cấp", "Task code issued by the managing agency"),
    Column("title", STR, "Tên nhiệm vụ khoa học và công nghệ", "Title of the science and technology task", True),
    Column(
        "level",
        STR,
        "Cấp quản lý: quốc gia, bộ, tỉnh, cơ sở",
        "Management level: national, ministry, provincial, grassroots",
        enum=LEVELS,
    ),
    Column(
        "kind",
        STR,
        "Loại nhiệm vụ: đề tài, dự án SXTN, dự án KH&CN, đề án, chương trình",
        "Task kind: research topic, trial production project, S&T project, scheme, programme",
        enum=KINDS,
    ),
    Column("host_org", STR, "Tổ chức chủ trì", "Host organization"),
    Column(
        "host_org_id",
        STR,
        "Mã định danh tổ chức chủ trì (bảng organizations)",
        "Host organization id (organizations table)",
    ),
    Column(
        "principal_investigator",
        STR,
        "Chủ nhiệm nhiệm vụ (họ tên, không kèm học hàm học vị)",
        "Principal investigator (name without academic titles)",
    ),
    Column(
        "pi_title",
        STR,
        "Học hàm, học vị của chủ nhiệm (GS., PGS.TS., TS., ThS.…)",
        "Academic title of the principal investigator",
    ),
    Column("person_id", STR, "Mã định danh chủ nhiệm (bảng people)", "Principal investigator id (people table)"),
    Column(
        "start_date",
        STR,
        "Thời gian bắt đầu (YYYY-MM-DD hoặc YYYY-MM)",
        "Start date (YYYY-MM-DD, or YYYY-MM when only the month is known)",
    ),
    Column(
        "end_date",
        STR,
        "Thời gian kết thúc (YYYY-MM-DD hoặc YYYY-MM)",
        "End date (YYYY-MM-DD, or YYYY-MM when only the month is known)",
    ),
    Column("budget_vnd", INT, "Tổng kinh phí (đồng)", "Total budget (VND)"),
    Column("budget_state_vnd", INT, "Kinh phí từ ngân sách nhà nước (đồng)", "State budget share (VND)"),
    Column(
        "budget_flags",
        STR,
        'Ghi chú về số liệu kinh phí (khoảng, xấp xỉ, "trên", "gần"…)',
        "Flags on the budget value (range, approximate, qualifier)",
    ),
    Column(
        "status",
        STR,
        "Tình trạng: đề xuất, phê duyệt, đang thực hiện, đã nghiệm thu, đã ứng dụng, dừng",
        "Status: proposed, approved, in progress, accepted, applied, terminated",
        enum=STATUSES,
    ),
    Column(
        "acceptance_grade",
        STR,
        "Kết quả nghiệm thu: xuất sắc, khá, đạt, không đạt",
        "Acceptance grade: excellent, good, pass, fail",
        enum=GRADES,
    ),
    Column("acceptance_date", STR, "Ngày nghiệm thu", "Acceptance date"),
    Column("applied", BOOL, "Kết quả đã được ứng dụng hay chưa", "Whether the results were applied"),
    Column("decision_no", STR, "Số quyết định phê duyệt/giao nhiệm vụ", "Number of the approving decision"),
    Column("decision_date", STR, "Ngày ký quyết định", "Date of the decision"),
    Column(
        "field_code",
        STR,
        "Mã lĩnh vực nghiên cứu theo QĐ 12/2008/QĐ-BKHCN",
        "Field-of-science code (QĐ 12/2008/QĐ-BKHCN)",
    ),
    Column("province_code", STR, "Mã tỉnh hiện hành (sau 01/7/2025)", "Current province code (after 2025-07-01)"),
    Column(
        "province_code_legacy",
        STR,
        "Mã tỉnh cũ tại thời điểm công bố",
        "Province code at the time of publication (legacy)",
    ),
    Column(
        "confidence",
        F64,
        "Độ tin cậy của bản ghi (1 = bảng, thấp hơn = trích từ văn bản)",
        "Record confidence (1 = table row; lower = mention in prose)",
    ),
    Column("source", STR, "Tên nguồn thu thập", "Name of the collecting source", True),
    Column("source_url", STR, "Địa chỉ trang hoặc tệp nguồn", "URL of the source page or file"),
    Column("field_sources", STR, "Nguồn của từng trường (JSON)", "Which source supplied each field (JSON)"),
    Column(
        "extras", STR, "Các cột không ánh xạ được, giữ nguyên (JSON)", "Unmapped source columns kept verbatim (JSON)"
    ),
    Column("fetched_at", TS, "Thời điểm thu thập", "When the source was fetched"),
    Column("record_hash", STR, "Mã băm nội dung bản ghi chuẩn hoá", "Hash of the canonical record content", True),
    _raw("code", "mã số", "code"),
    _raw("title", "tên nhiệm vụ", "title"),
    _raw("level", "cấp", "level"),
    _raw("kind", "loại", "kind"),
    _raw("host_org", "tổ chức chủ trì", "host organization"),
    _raw("principal_investigator", "chủ nhiệm", "principal investigator"),
    _raw("period", "thời gian thực hiện", "period"),
    _raw("start_date", "ngày bắt đầu", "start date"),
    _raw("end_date", "ngày kết thúc", "end date"),
    _raw("budget", "tổng kinh phí", "total budget"),
    _raw("budget_state", "kinh phí ngân sách", "state budget"),
    _raw("status", "tình trạng", "status"),
    _raw("acceptance_grade", "kết quả nghiệm thu", "acceptance grade"),
    _raw("acceptance_date", "ngày nghiệm thu", "acceptance date"),
    _raw("decision", "quyết định", "decision"),
    _raw("decision_date", "ngày quyết định", "decision date"),
    _raw("field", "lĩnh vực", "field of science"),
)

PUBLICATIONS: tuple[Column, ...] = (
    Column("pub_id", STR, "Mã định danh ổn định của công bố", "Stable publication identifier", True),
    Column("doi", STR, "DOI chuẩn hoá (chữ thường, dạng 10.…)", "Normalized DOI (lowercase, bare 10.…)"),
    Column("title", STR, "Tên công bố", "Publication title", True),
    Column("authors", LIST_STR, "Danh sách tác giả theo thứ tự", "Authors in order"),
    Column("year", INT, "Năm công bố", "Publication year"),
    Column("venue", STR, "Tạp chí / hội nghị", "Journal or venue"),
    Column("language", STR, "Ngôn ngữ (ISO 639-1)", "Language (ISO 639-1)"),
    Column("affiliations", LIST_STR, "Cơ quan của tác giả", "Author affiliations"),
    Column("abstract", STR, "Tóm tắt", "Abstract"),
    Column("url", STR, "Địa chỉ công bố", "Landing page URL"),
    Column(
        "sources",
        LIST_STR,
        "Các nguồn đã thấy công bố này (oai_pmh, openalex, crossref)",
        "Collectors that saw this publication",
    ),
    Column("source_ids", LIST_STR, "Định danh ở từng nguồn", "Identifiers at each source"),
    Column("task_ids", LIST_STR, "Các nhiệm vụ KH&CN liên kết", "Linked S&T task ids"),
    Column("deleted", BOOL, "Bản ghi đã bị nguồn xoá (tombstone)", "Deleted at the source (tombstone)"),
    Column("title_raw", STR, "Nguyên văn tên công bố", "Original published title"),
    Column("doi_raw", STR, "Nguyên văn DOI", "Original DOI text"),
    Column("fetched_at", TS, "Thời điểm thu thập", "When the record was fetched"),
    Column("record_hash", STR, "Mã băm nội dung bản ghi chuẩn hoá", "Hash of the canonical record content", True),
)

ORGANIZATIONS: tuple[Column, ...] = (
    Column("org_id", STR, "Mã định danh ổn định của tổ chức", "Stable organization identifier", True),
    Column("name", STR, "Tên chuẩn của tổ chức", "Canonical organization name", True),
    Column("aliases", LIST_STR, "Các cách viết khác đã gặp", "Other spellings seen"),
    Column(
        "kind",
        STR,
        "Loại tổ chức (cơ quan nhà nước, trường, viện, doanh nghiệp…)",
        "Organization kind (agency, university, institute, enterprise…)",
    ),
    Column("province_code", STR, "Mã tỉnh", "Province code"),
    Column("record_hash", STR, "Mã băm nội dung bản ghi", "Hash of the record content", True),
)

PEOPLE: tuple[Column, ...] = (
    Column("person_id", STR, "Mã định danh ổn định của cá nhân", "Stable person identifier", True),
    Column("name", STR, "Họ và tên (không kèm học hàm học vị)", "Full name (without academic titles)", True),
    Column("title", STR, "Học hàm, học vị", "Academic title"),
    Column("org_id", STR, "Tổ chức công tác (nếu biết)", "Affiliated organization id (when known)"),
    Column("name_raw", STR, "Nguyên văn tên đã công bố", "Original published name"),
    Column("record_hash", STR, "Mã băm nội dung bản ghi", "Hash of the record content", True),
)

DOCUMENTS: tuple[Column, ...] = (
    Column("doc_id", STR, "Mã định danh ổn định của văn bản", "Stable document identifier", True),
    Column("number", STR, "Số văn bản", "Document number", True),
    Column(
        "year",
        INT,
        "Năm trong số hiệu (văn bản quy phạm) hoặc năm ký",
        "Year in the number (normative form) or year signed",
    ),
    Column(
        "type",
        STR,
        "Loại văn bản (QĐ, KH, TB, TTr, NQ, CT…)",
        "Document type (QĐ decision, KH plan, TB notice, TTr submission, NQ resolution, CT directive…)",
    ),
    Column("issuer", STR, "Cơ quan ban hành (UBND, SKHCN, BKHCN, TTg…)", "Issuing body (UBND, SKHCN, BKHCN, TTg…)"),
    Column("date", STR, "Ngày ký", "Date signed"),
    Column("title", STR, "Trích yếu", "Title / summary"),
    Column("url", STR, "Địa chỉ văn bản", "URL of the document"),
    Column("raw", STR, "Nguyên văn số hiệu", "Original document reference"),
    Column("record_hash", STR, "Mã băm nội dung bản ghi", "Hash of the record content", True),
)

REJECTS: tuple[Column, ...] = (
    Column("source", STR, "Nguồn", "Source", True),
    Column("table", STR, "Bảng đích", "Target table"),
    Column("record_ref", STR, "Tham chiếu bản ghi (URL, bảng, dòng)", "Record reference (URL, table, row)"),
    Column(
        "stage",
        STR,
        "Giai đoạn (extract, normalize, validate, link)",
        "Stage (extract, normalize, validate, link)",
        True,
    ),
    Column("field", STR, "Trường lỗi", "Field in error"),
    Column("reason", STR, "Lý do loại", "Why the record was set aside", True),
    Column("raw_value", STR, "Giá trị gốc", "Original value"),
    Column("run_id", STR, "Mã lượt chạy", "Run id"),
    Column("rejected_at", TS, "Thời điểm loại", "When it was set aside"),
)

# Derived each run from the tables above (transforms.statistics, transforms.reconcile).
BREAKDOWNS = ("total", "level", "kind", "field", "acceptance_grade", "source", "venue")
UNITS = ("task", "VND", "publication")
OUTCOMES = ("agree", "differ", "cannot_compare")

STATISTICS: tuple[Column, ...] = (
    Column("stat_id", STR, "Mã dòng: chỉ tiêu|kỳ|phân tổ=giá trị", "Row id: indicator|period|breakdown=value", True),
    Column(
        "indicator",
        STR,
        "Mã chỉ tiêu (danh mục chỉ tiêu trong từ điển dữ liệu)",
        "Indicator code (see the indicator list in the data dictionary)",
        True,
    ),
    Column("indicator_vi", STR, "Tên chỉ tiêu", "Indicator name in Vietnamese"),
    Column("indicator_en", STR, "Tên chỉ tiêu bằng tiếng Anh", "Indicator name in English"),
    Column(
        "period",
        STR,
        "Kỳ: năm (YYYY) hoặc all (toàn bộ danh mục)",
        "Period: a year (YYYY), or all (the whole catalog)",
        True,
    ),
    Column(
        "breakdown",
        STR,
        "Phân tổ: total (tổng số), level, kind, field (lĩnh vực cấp 1 QĐ 12/2008), acceptance_grade, source, venue",
        "Breakdown: total, level, kind, field (QĐ 12/2008 first level), acceptance_grade, source, venue",
        True,
        BREAKDOWNS,
    ),
    Column(
        "breakdown_value",
        STR,
        "Giá trị phân tổ (mã; total cho tổng số, unknown khi nguồn không ghi)",
        "Breakdown value (a code; total for the overall figure, unknown when the record does not say)",
        True,
    ),
    Column("breakdown_label", STR, "Tên giá trị phân tổ", "Vietnamese label of the breakdown value"),
    Column("value", INT, "Giá trị", "Value", True),
    Column(
        "unit",
        STR,
        "Đơn vị: task (nhiệm vụ), VND (đồng), publication (công bố)",
        "Unit: task, VND, publication",
        True,
        UNITS,
    ),
    Column("record_hash", STR, "Mã băm nội dung dòng", "Hash of the row content", True),
)

RECONCILIATION: tuple[Column, ...] = (
    Column("check_id", STR, "Mã phép đối chiếu", "Check id", True),
    Column("indicator", STR, "Mã chỉ tiêu như cấu hình ghi", "Indicator code as the config lists it", True),
    Column(
        "period",
        STR,
        "Kỳ số liệu như báo cáo nêu (năm, hoặc từ ngày đến ngày)",
        "Period the official total covers, as the report states it",
        True,
    ),
    Column("breakdown", STR, "Phân tổ (total hoặc tên chiều)", "Breakdown (total or the dimension)", True),
    Column("breakdown_value", STR, "Giá trị phân tổ", "Breakdown value", True),
    Column("official_value", INT, "Số liệu chính thức đã công bố", "Official total as published", True),
    Column(
        "catalog_value",
        INT,
        "Số liệu tính từ danh mục (trống khi không so sánh được)",
        "The catalog's figure (empty when it cannot be compared)",
    ),
    Column("difference", INT, "Chênh lệch: danh mục trừ chính thức", "Difference: catalog minus official"),
    Column(
        "outcome",
        STR,
        "Kết quả: agree (khớp), differ (lệch), cannot_compare (không so sánh được)",
        "Outcome: agree, differ, cannot_compare",
        True,
        OUTCOMES,
    ),
    Column("reason", STR, "Giải thích kết quả (tiếng Anh)", "What explains the outcome"),
    Column("reason_vi", STR, "Giải thích kết quả", "What explains the outcome, in Vietnamese"),
    Column(
        "counted_ids",
        LIST_STR,
        "Các bản ghi danh mục được tính (nhiệm vụ hoặc công bố)",
        "Catalog records counted (tasks or publications)",
    ),
    Column("document", STR, "Văn bản công bố số liệu chính thức", "Document that published the official total", True),
    Column("source_url", STR, "Địa chỉ văn bản", "URL of the document", True),
    Column("note", STR, "Ghi chú trong cấu hình", "Note from the config"),
    Column("record_hash", STR, "Mã băm nội dung dòng", "Hash of the row content", True),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "tasks": TASKS,
    "publications": PUBLICATIONS,
    "organizations": ORGANIZATIONS,
    "people": PEOPLE,
    "documents": DOCUMENTS,
    "rejects": REJECTS,
    "statistics": STATISTICS,
    "reconciliation": RECONCILIATION,
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "tasks": ("task_id",),
    "publications": ("pub_id",),
    "organizations": ("org_id",),
    "people": ("person_id",),
    "documents": ("doc_id",),
    "rejects": (),
    "statistics": ("stat_id",),
    "reconciliation": ("check_id",),
}

TABLE_TITLES: dict[str, tuple[str, str]] = {
    "tasks": ("Nhiệm vụ khoa học và công nghệ", "Science and technology tasks"),
    "publications": ("Công bố khoa học", "Scientific publications"),
    "organizations": ("Tổ chức khoa học và công nghệ", "Science and technology organizations"),
    "people": ("Nhà khoa học, chủ nhiệm nhiệm vụ", "Scientists and principal investigators"),
    "documents": ("Văn bản, quyết định về nhiệm vụ KH&CN", "Decisions and documents on S&T tasks"),
    "rejects": ("Bản ghi bị loại và lý do", "Rejected records and reasons"),
    "statistics": ("Thống kê nhiệm vụ khoa học và công nghệ", "S&T task statistics"),
    "reconciliation": ("Đối chiếu thống kê với số liệu chính thức", "Statistics reconciled with official totals"),
}


def schema(table: str) -> pa.Schema:
    """The explicit Arrow schema of a canonical table, with descriptions as field metadata."""
    cols = TABLES[table]
    return pa.schema(
        [
            pa.field(
                c.name,
                c.type,
                nullable=not c.required,
                metadata={b"description_vi": c.vi.encode(), b"description_en": c.en.encode()},
            )
            for c in cols
        ],
        metadata={b"stcat_table": table.encode(), b"stcat_schema_version": SCHEMA_VERSION.encode()},
    )


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def empty_table(table: str) -> pa.Table:
    return schema(table).empty_table()


def conform(table: str, data: pa.Table | dict | list[dict]) -> pa.Table:
    """Cast data to the canonical schema: missing columns become nulls, unknown ones are an error."""
    sch = schema(table)
    if isinstance(data, list):
        keys = set().union(*(d.keys() for d in data)) if data else set()
        unknown = keys - set(sch.names)
        if unknown:
            raise ValueError(f"table {table!r}: columns not in schema v{SCHEMA_VERSION}: {sorted(unknown)}")
        return pa.Table.from_pylist(data, schema=sch)
    elif isinstance(data, dict):
        data = pa.table(data)
    unknown = set(data.column_names) - set(sch.names)
    if unknown:
        raise ValueError(f"table {table!r}: columns not in schema v{SCHEMA_VERSION}: {sorted(unknown)}")
    arrays = []
    for f in sch:
        if f.name in data.column_names:
            arrays.append(data.column(f.name).cast(f.type))
        else:
            arrays.append(pa.nulls(data.num_rows, f.type))
    return pa.Table.from_arrays(arrays, schema=sch)


# --------------------------------------------------------------------------- the people's CSV

# Header labels (Vietnamese, English) of the columns the people's CSV keeps, in order. Columns
# not listed (*_raw, hashes, provenance JSON, internal ids, fetch times) stay in Parquet and the
# CKAN datastore, which keep machine names and codes; the data dictionary maps both.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "tasks": {
        "task_id": ("Mã định danh", "Identifier"),
        "code": ("Mã số", "Code"),
        "title": ("Tên nhiệm vụ", "Title"),
        "level": ("Cấp quản lý", "Level"),
        "kind": ("Loại nhiệm vụ", "Kind"),
        "host_org": ("Tổ chức chủ trì", "Host organization"),
        "principal_investigator": ("Chủ nhiệm", "Principal investigator"),
        "pi_title": ("Học hàm, học vị", "Academic title"),
        "start_date": ("Bắt đầu", "Start"),
        "end_date": ("Kết thúc", "End"),
        "budget_vnd": ("Tổng kinh phí (đồng)", "Total budget (VND)"),
        "budget_state_vnd": ("Kinh phí ngân sách nhà nước (đồng)", "State budget (VND)"),
        "status": ("Tình trạng", "Status"),
        "acceptance_grade": ("Kết quả nghiệm thu", "Acceptance grade"),
        "acceptance_date": ("Ngày nghiệm thu", "Acceptance date"),
        "applied": ("Đã ứng dụng", "Applied"),
        "decision_no": ("Số quyết định", "Decision number"),
        "decision_date": ("Ngày quyết định", "Decision date"),
        "field_code": ("Lĩnh vực", "Field of science"),
        "province_code": ("Mã tỉnh hiện hành", "Current province code"),
        "province_code_legacy": ("Mã tỉnh khi công bố", "Province code when published"),
        "source_url": ("Nguồn", "Source"),
    },
    "publications": {
        "pub_id": ("Mã định danh", "Identifier"),
        "doi": ("DOI", "DOI"),
        "title": ("Tên công bố", "Title"),
        "authors": ("Tác giả", "Authors"),
        "year": ("Năm", "Year"),
        "venue": ("Tạp chí, hội nghị", "Journal or venue"),
        "language": ("Ngôn ngữ", "Language"),
        "affiliations": ("Cơ quan tác giả", "Affiliations"),
        "abstract": ("Tóm tắt", "Abstract"),
        "url": ("Địa chỉ", "URL"),
        "sources": ("Nguồn thu thập", "Collected from"),
        "task_ids": ("Nhiệm vụ liên kết", "Linked tasks"),
    },
    "organizations": {
        "org_id": ("Mã định danh", "Identifier"),
        "name": ("Tên tổ chức", "Name"),
        "aliases": ("Cách viết khác", "Other spellings"),
        "kind": ("Loại tổ chức", "Kind"),
        "province_code": ("Mã tỉnh", "Province code"),
    },
    "people": {
        "person_id": ("Mã định danh", "Identifier"),
        "name": ("Họ và tên", "Full name"),
        "title": ("Học hàm, học vị", "Academic title"),
        "org_id": ("Mã tổ chức công tác", "Organization id"),
    },
    "documents": {
        "doc_id": ("Mã định danh", "Identifier"),
        "number": ("Số văn bản", "Number"),
        "year": ("Năm", "Year"),
        "type": ("Loại văn bản", "Type"),
        "issuer": ("Cơ quan ban hành", "Issuer"),
        "date": ("Ngày ký", "Date signed"),
        "title": ("Trích yếu", "Title"),
        "url": ("Địa chỉ", "URL"),
    },
    "rejects": {
        "source": ("Nguồn", "Source"),
        "table": ("Bảng", "Table"),
        "record_ref": ("Bản ghi", "Record"),
        "stage": ("Giai đoạn", "Stage"),
        "field": ("Trường", "Field"),
        "reason": ("Lý do", "Reason"),
        "raw_value": ("Giá trị gốc", "Original value"),
        "rejected_at": ("Thời điểm loại", "Rejected at"),
    },
    "statistics": {
        "indicator": ("Mã chỉ tiêu", "Indicator code"),
        "indicator_vi": ("Chỉ tiêu", "Indicator"),
        "period": ("Kỳ", "Period"),
        "breakdown": ("Phân tổ", "Breakdown"),
        "breakdown_label": ("Nhóm", "Group"),
        "value": ("Giá trị", "Value"),
        "unit": ("Đơn vị", "Unit"),
    },
    "reconciliation": {
        "indicator": ("Mã chỉ tiêu", "Indicator code"),
        "period": ("Kỳ", "Period"),
        "breakdown": ("Phân tổ", "Breakdown"),
        "breakdown_value": ("Nhóm", "Group"),
        "official_value": ("Số liệu chính thức", "Official total"),
        "catalog_value": ("Số liệu danh mục", "Catalog figure"),
        "difference": ("Chênh lệch (danh mục - chính thức)", "Difference (catalog - official)"),
        "outcome": ("Kết quả đối chiếu", "Outcome"),
        "reason_vi": ("Giải thích", "Explanation"),
        "counted_ids": ("Bản ghi được tính", "Records counted"),
        "document": ("Văn bản công bố", "Published in"),
        "source_url": ("Địa chỉ văn bản", "Document URL"),
        "note": ("Ghi chú", "Note"),
    },
}

_YES_NO = {True: ("Có", "Yes"), False: ("Không", "No")}
_BREAKDOWN_LABELS: dict[object, tuple[str, str]] = {
    "total": ("Tổng số", "Total"),
    "level": ("Cấp quản lý", "Level"),
    "kind": ("Loại nhiệm vụ", "Kind"),
    "field": ("Lĩnh vực (QĐ 12/2008, cấp 1)", "Field of science (QĐ 12/2008, first level)"),
    "acceptance_grade": ("Kết quả nghiệm thu", "Acceptance grade"),
    "source": ("Nguồn thu thập", "Collected from"),
    "venue": ("Tạp chí, hội nghị", "Journal or venue"),
}

# Coded values as people read them (Vietnamese, English), per table and column.
VALUE_LABELS: dict[str, dict[str, dict[object, tuple[str, str]]]] = {
    "tasks": {
        "level": {
            "national": ("Cấp quốc gia", "National"),
            "ministry": ("Cấp bộ", "Ministry"),
            "provincial": ("Cấp tỉnh", "Provincial"),
            "grassroots": ("Cấp cơ sở", "Grassroots"),
        },
        "kind": {
            "research_topic": ("Đề tài", "Research topic"),
            "trial_production_project": ("Dự án sản xuất thử nghiệm", "Trial production project"),
            "st_project": ("Dự án KH&CN", "S&T project"),
            "scheme": ("Đề án", "Scheme"),
            "program": ("Chương trình", "Programme"),
            "other": ("Khác", "Other"),
        },
        "status": {
            "proposed": ("Đề xuất", "Proposed"),
            "approved": ("Đã phê duyệt", "Approved"),
            "in_progress": ("Đang thực hiện", "In progress"),
            "accepted": ("Đã nghiệm thu", "Accepted"),
            "applied": ("Đã ứng dụng", "Applied"),
            "terminated": ("Dừng thực hiện", "Terminated"),
            "unknown": ("Chưa rõ", "Unknown"),
        },
        "acceptance_grade": {
            "excellent": ("Xuất sắc", "Excellent"),
            "good": ("Khá", "Good"),
            "pass": ("Đạt", "Pass"),
            "fail": ("Không đạt", "Fail"),
        },
        "applied": _YES_NO,
    },
    "publications": {
        "language": {
            "vi": ("Tiếng Việt", "Vietnamese"),
            "en": ("Tiếng Anh", "English"),
            "fr": ("Tiếng Pháp", "French"),
            "ru": ("Tiếng Nga", "Russian"),
            "zh": ("Tiếng Trung", "Chinese"),
        },
        "sources": {
            "oai_pmh": ("Tạp chí (OAI-PMH)", "Journal (OAI-PMH)"),
            "openalex": ("OpenAlex", "OpenAlex"),
            "crossref": ("Crossref", "Crossref"),
        },
    },
    "statistics": {
        "breakdown": _BREAKDOWN_LABELS,
        "period": {"all": ("Toàn bộ danh mục", "Whole catalog")},
        "unit": {"task": ("nhiệm vụ", "tasks"), "VND": ("đồng", "VND"), "publication": ("công bố", "publications")},
    },
    "reconciliation": {
        "breakdown": _BREAKDOWN_LABELS,
        "outcome": {
            "agree": ("Khớp", "Agree"),
            "differ": ("Lệch", "Differ"),
            "cannot_compare": ("Không so sánh được", "Cannot compare"),
        },
    },
}


def label(table: str, column: str, lang: str = "vi") -> str:
    """The people's header of a column ('Cấp quản lý'), or the machine name when it has none."""
    pair = LABELS.get(table, {}).get(column)
    return column if pair is None else pair[0 if lang == "vi" else 1]


def value_label(table: str, column: str, value: object, lang: str = "vi") -> object:
    """A coded value as people read it ('provincial' -> 'Cấp tỉnh'); other values unchanged."""
    pair = VALUE_LABELS.get(table, {}).get(column, {}).get(value)  # type: ignore[call-overload]
    return value if pair is None else pair[0 if lang == "vi" else 1]
