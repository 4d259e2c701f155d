"""Write the Office and PDF cases of the evaluation corpus (tests/eval/cases/).

Each case is one invented document shaped like a real provincial S&T list (XLSX, XLS, DOCX,
DOC, text-layer PDF), its ``.expected.jsonl`` (the tasks the document truly lists, in order)
and its ``.meta.json``. A document and its expected records come from the same task rows, so a
label can only say what the document shows: a field no column shows is null, the level and the
list's decision come from the case's title block or decision page.

Run from the repository root (dev tools only; the committed binaries are what tests read):

    .venv/bin/pip install -e '.[corpus]'      # xlwt (XLS) and reportlab (PDF)
    .venv/bin/python tests/eval/make_office_cases.py

XLSX, DOCX, XLS and PDF are byte-for-byte reproducible. DOC needs LibreOffice (``soffice``); its
output came out identical on two runs with LibreOffice 7.4 but that is not promised; without it
the DOC cases are left as they are. The files are written by the libraries (openpyxl, xlwt,
python-docx, reportlab); what is hand-written here is the small document model that lets one
task row feed both the document and its expected line. This file is long because it holds the
cases themselves (data).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from demo.make_attachments import reproducible_zip, to_word97  # noqa: E402

log = logging.getLogger(__name__)
OUT = Path(__file__).resolve().parent / "cases"
FIXED = dt.datetime(2024, 12, 20, 8, 0, 0)
KEYS = (
    "title",
    "code",
    "level",
    "kind",
    "host_org",
    "principal_investigator",
    "pi_title",
    "start_date",
    "end_date",
    "budget_vnd",
    "budget_state_vnd",
    "acceptance_grade",
    "decision_no",
    "decision_date",
)
GRADES = {"excellent": "Xuất sắc", "good": "Khá", "pass": "Đạt", "fail": "Không đạt"}

# --------------------------------------------------------------------------- invented task pools
TITLES = {
    "research_topic": [
        "Nghiên cứu đặc điểm sinh học và kỹ thuật nhân giống cây Lan kim tuyến tại huyện Ba Bể",
        "Nghiên cứu xây dựng quy trình chế biến trà hoa vàng theo hướng sản phẩm OCOP",
        "Đánh giá thực trạng và đề xuất giải pháp phát triển du lịch cộng đồng vùng hồ Ba Bể",
        "Nghiên cứu tuyển chọn giống lúa nếp cẩm phù hợp với điều kiện canh tác tại huyện Chợ Đồn",
        "Nghiên cứu ứng dụng công nghệ GIS trong quản lý đất lâm nghiệp tỉnh Bắc Kạn",
        "Nghiên cứu thành phần hóa học và hoạt tính sinh học của cây Giảo cổ lam mọc tự nhiên tại Bắc Kạn",
        "Nghiên cứu giải pháp nâng cao hiệu quả công tác dân vận chính quyền ở cơ sở trên địa bàn tỉnh",
        "Đánh giá hiện trạng ô nhiễm kim loại nặng trong đất nông nghiệp vùng khai thác khoáng sản huyện Chợ Điền",
        "Nghiên cứu bảo tồn nguồn gen cây Dẻ hạt to tại huyện Ngân Sơn",
        "Nghiên cứu xây dựng bộ chỉ số đánh giá mức độ chuyển đổi số cấp xã",
        "Nghiên cứu sưu tầm, biên dịch và giới thiệu kho sách cổ của người Dao đỏ",
        "Nghiên cứu tình trạng thiếu vi chất dinh dưỡng ở trẻ em dưới 5 tuổi người dân tộc thiểu số và giải "
        "pháp can thiệp",
        "Nghiên cứu đa dạng thành phần loài cá tự nhiên ở sông Năng và đề xuất giải pháp bảo vệ",
        "Nghiên cứu ứng dụng chế phẩm vi sinh xử lý phụ phẩm nông nghiệp làm phân bón hữu cơ",
        "Nghiên cứu cơ sở khoa học đề xuất chính sách thu hút nguồn nhân lực chất lượng cao về làm việc tại tỉnh",
        "Nghiên cứu đánh giá khả năng thích ứng của một số giống cam không hạt tại huyện Bạch Thông",
        "Nghiên cứu xây dựng mô hình dự báo sạt lở đất cho các tuyến giao thông miền núi",
        "Nghiên cứu các bài thuốc dân gian của đồng bào Tày điều trị bệnh xương khớp",
        "Nghiên cứu đặc điểm dịch tễ bệnh sốt xuất huyết và đề xuất biện pháp phòng chống tại thành phố Kon Tum",
        "Nghiên cứu giá trị văn hóa hát Then trong đời sống cộng đồng người Tày",
        "Nghiên cứu ứng dụng trí tuệ nhân tạo hỗ trợ phát hiện sớm sâu bệnh hại trên cây chè",
        "Nghiên cứu thực trạng và giải pháp nâng cao chất lượng giáo dục mầm non vùng đặc biệt khó khăn",
        "Nghiên cứu chọn lọc và nhân giống vô tính cây Mắc ca có năng suất cao",
        "Đánh giá tác động của biến đổi khí hậu đến sản xuất nông nghiệp và đề xuất giải pháp thích ứng",
        "Nghiên cứu quy trình nuôi thương phẩm cá Chiên trong lồng tại hồ thủy điện",
        "Nghiên cứu khả năng sinh trưởng của cây Sâm Ngọc Linh trồng dưới tán rừng tự nhiên",
        "Nghiên cứu thực trạng bệnh lao phổi kháng thuốc và các yếu tố liên quan tại tỉnh",
    ],
    "trial_production_project": [
        "Sản xuất thử nghiệm giống gừng đen theo hướng hàng hóa tại huyện Pác Nặm",
        "Hoàn thiện quy trình công nghệ sản xuất rượu men lá Bằng Phúc đạt tiêu chuẩn an toàn thực phẩm",
        "Hoàn thiện công nghệ sấy lạnh sản phẩm mơ, mận tại huyện Ba Bể",
        "Sản xuất thử nghiệm chế phẩm sinh học phòng trừ bệnh thối rễ trên cây cam quýt",
        "Hoàn thiện quy trình nhân giống in vitro cây Sâm Bố chính quy mô hàng hóa",
        "Sản xuất thử nghiệm miến dong bổ sung rau củ tại hợp tác xã Côn Minh",
        "Hoàn thiện quy trình sản xuất tinh dầu Hồi và sản phẩm từ tinh dầu",
        "Sản xuất thử nghiệm giống lợn đen bản địa thương phẩm theo chuỗi giá trị",
    ],
    "st_project": [
        "Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình chăn nuôi gà thả vườn an toàn sinh học",
        "Ứng dụng công nghệ cao trong sản xuất rau an toàn tại thành phố Bắc Kạn",
        "Chuyển giao công nghệ sản xuất nấm Linh chi, nấm Sò trên giá thể mùn cưa",
        "Ứng dụng hệ thống tưới nhỏ giọt tiết kiệm nước cho cây cam tại xã Quang Thuận",
        "Xây dựng mô hình ứng dụng công nghệ sinh học sản xuất phân bón từ phụ phẩm chăn nuôi",
        "Ứng dụng công nghệ truy xuất nguồn gốc cho sản phẩm chè Shan tuyết",
    ],
    "scheme": [
        "Phát triển thương hiệu sản phẩm đặc sản của tỉnh gắn với chỉ dẫn địa lý",
        "Xây dựng và phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh đến năm 2030",
        "Nâng cao năng lực đo lường, thử nghiệm phục vụ quản lý chất lượng sản phẩm hàng hóa",
        "Phát triển tài sản trí tuệ cho các sản phẩm OCOP chủ lực của tỉnh",
        "Ứng dụng khoa học và công nghệ phục vụ chuyển đổi số trong nông nghiệp",
    ],
}
HOSTS = [
    "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
    "Viện Khoa học Kỹ thuật Nông lâm nghiệp miền núi phía Bắc",
    "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
    "Sở Y tế tỉnh Bắc Kạn",
    "Bệnh viện Đa khoa tỉnh Bắc Kạn",
    "Trường Cao đẳng Bắc Kạn",
    "Hợp tác xã Nông nghiệp Thành Công",
    "Viện Dược liệu",
    "Trường Đại học Khoa học - Đại học Thái Nguyên",
    "Chi cục Kiểm lâm tỉnh Bắc Kạn",
    "Ban Dân vận Tỉnh ủy Bắc Kạn",
    "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Kạn",
    "Công ty TNHH Đặc sản Ba Bể",
    "Viện Địa chất - Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
    "Trung tâm Kiểm soát bệnh tật tỉnh Kon Tum",
    "Viện Nghiên cứu Nuôi trồng thủy sản I",
    "Trường Chính trị tỉnh Bắc Kạn",
    "Hợp tác xã Dịch vụ nông nghiệp Bằng Phúc",
]
PEOPLE = [
    ("PGS.TS.", "Trần Văn Điền"),
    ("TS.", "Hoàng Thị Bích Ngọc"),
    ("ThS.", "Ma Văn Tùng"),
    ("KS.", "Triệu Văn Lâm"),
    ("TS.", "Nông Văn Hải"),
    ("ThS.", "Lường Thị Thu"),
    ("PGS.TS.", "Nguyễn Thị Minh Thảo"),
    ("BSCKII.", "Hà Văn Sinh"),
    ("CN.", "Lục Văn Tám"),
    ("TS.", "Đinh Quang Huy"),
    ("ThS.", "Bế Thị Hằng"),
    ("GS.TS.", "Phạm Văn Lợi"),
    ("ThS.", "Hà Thị Mai Phương"),
    ("TS.", "Vi Văn Khánh"),
    ("KS.", "Đồng Văn Mạnh"),
    ("ThS.BS.", "Dương Thị Lan"),
    ("TS.", "Lý Thị Hiền"),
    ("ThS.", "Mông Văn Quý"),
    ("PGS.TS.", "Lê Quốc Tuấn"),
    (None, "Hoàng Văn Chiến"),
    ("ThS.", "Sầm Thị Diệp"),
    ("TS.", "Chu Thị Hảo"),
    (None, "Nguyễn Văn Bình"),
    ("ThS.", "Đàm Thị Nguyệt"),
]


@dataclass
class T:
    """One task as the document shows it (the truth its expected line is made from)."""

    title: str
    kind: str | None = None
    code: str | None = None
    host: str | None = None
    pi: str | None = None
    pi_title: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    budget: int | None = None  # VND
    state: int | None = None  # VND
    grade: str | None = None
    dec: str | None = None  # the row's own decision number, when a column names one
    dec_date: dt.date | None = None


def make_tasks(
    seed: int,
    kinds: list[str | None],
    year: int,
    grades: bool = False,
    titles: list[str] | None = None,
    day_dates: bool = False,
) -> list[T]:
    """Invented rows: titles, hosts and people drawn without repeats; budgets in whole 100,000 VND."""
    rnd = random.Random(seed)
    pools = {k: rnd.sample(v, len(v)) for k, v in TITLES.items()}
    hosts, people = rnd.sample(HOSTS, len(HOSTS)), rnd.sample(PEOPLE, len(PEOPLE))
    out = []
    for i, kind in enumerate(kinds):
        title = titles[i] if titles else pools[kind].pop()
        m0 = rnd.choice((1, 1, 3, 4, 6, 7, 9))
        start = dt.date(year, m0, rnd.randint(2, 28) if day_dates else 1)
        months = rnd.choice((12, 18, 24, 24, 30, 36))
        ey, em = divmod(m0 - 1 + months - 1, 12)
        end = dt.date(year + ey, em + 1, rnd.randint(2, 28) if day_dates else 1)
        budget = rnd.randint(4000, 32000) * 100_000
        share = (
            1.0 if kind in ("research_topic", "scheme", None) and rnd.random() < 0.7 else rnd.choice((0.4, 0.5, 0.6))
        )
        state = budget if share == 1.0 else int(budget * share) // 100_000 * 100_000
        pt, pn = people[i % len(people)]
        grade = rnd.choice(("excellent", "good", "good", "good", "pass")) if grades else None
        out.append(T(title, kind, None, hosts[i % len(hosts)], pn, pt, start, end, budget, state, grade))
    return out


# --------------------------------------------------------------------------- document model
@dataclass
class C:
    """A cell with a spreadsheet number format (dates) or emphasis."""

    v: object
    fmt: str | None = None
    bold: bool = False


@dataclass
class Para:
    text: str
    bold: bool = False
    center: bool = False
    right: str | None = None  # second column of a two-column header line (motto, place/date)


@dataclass
class Table:
    rows: list[list[object]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    header_rows: int = 1
    widths: list[float] | None = None  # relative column widths (PDF, XLSX)
    repeat_header: bool = False  # PDF: True = the header rows are repeated on each page


class Break:
    """A page break (PDF, Word); spreadsheets skip it."""


@dataclass
class Sheet:
    """XLSX: the blocks after this marker go on a new worksheet."""

    name: str


@dataclass
class Col:
    header: str
    cell: object  # callable T -> cell value
    fields: tuple[str, ...] = ()  # expected keys this column shows
    top: str | None = None  # two-row header: the merged top label
    merge_same: bool = False  # equal values in consecutive rows merged down
    width: float = 1.0
    sum_of: str | None = None  # "budget" / "state": the column is summed in a total row


@dataclass
class Group:
    """A group row spanning the table ("I. Đề tài"): ``no`` goes in the STT column when not spanned."""

    no: str
    label: str
    spanned: bool = True
    text: str | None = None  # the spanned row's whole text when it is not "<no>. <label>"


@dataclass
class Case:
    case_id: str
    fmt: str
    classes: list[int]
    note: str
    blocks: list
    tasks: list[T]
    shown: set[str]
    level: str | None
    decision: tuple[str, str] | None
    kind_shown: bool
    date_prec: str = "month"


def vn_number(x: float, decimals: int = 1) -> str:
    """1250.5 -> '1.250,5' (Vietnamese separators), trailing ',0' dropped."""
    s = f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return s[:-2] if s.endswith(",0") else s


def million(v: int) -> str:
    return vn_number(v / 1e6)


def dong(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def mm(d: dt.date) -> str:
    return f"{d.month:02d}/{d.year}"


def iso(d: dt.date | None, prec: str) -> str | None:
    if d is None:
        return None
    return {"day": d.isoformat(), "month": d.isoformat()[:7], "year": str(d.year)}[prec]


def pi_full(t: T) -> str:
    return f"{t.pi_title} {t.pi}" if t.pi_title else t.pi


# Reusable columns (header text varies per case, so these take it as an argument)
def wrap_mid(text: str) -> str:
    """A hand line break (Alt+Enter, Shift+Enter) at the space nearest the middle, as clerks type them."""
    mid = len(text) // 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - mid))
    return text[:cut] + "\n" + text[cut + 1 :]


def c_title(h="Tên nhiệm vụ", w=4.0, wrap=False):
    return Col(h, lambda t: wrap_mid(t.title) if wrap else t.title, (), width=w)


def c_host(h="Tổ chức chủ trì"):
    return Col(h, lambda t: t.host, ("host_org",), width=2.2)


def c_pi_full(h="Chủ nhiệm nhiệm vụ"):
    return Col(h, pi_full, ("principal_investigator", "pi_title"), width=1.6)


def c_pi_name(h="Họ và tên chủ nhiệm", top=None):
    return Col(h, lambda t: t.pi, ("principal_investigator",), top=top, width=1.5)


def c_pi_title(h="Học hàm, học vị", top=None, strip_dot=False):
    def cell(t):
        v = t.pi_title or ""
        return v.rstrip(".") if strip_dot else v

    return Col(h, cell, ("pi_title",), top=top, width=0.9)


def c_period(h="Thời gian thực hiện", sep=" - ", pattern="{0}{sep}{1}"):
    return Col(h, lambda t: pattern.format(mm(t.start), mm(t.end), sep=sep), ("start_date", "end_date"), width=1.3)


def c_years(h="Thời gian thực hiện"):
    return Col(h, lambda t: f"{t.start.year} - {t.end.year}", ("start_date", "end_date"), width=1.1)


def c_date(h, which, fmt, top=None):
    return Col(
        h, lambda t: C(getattr(t, which), fmt), ("start_date" if which == "start" else "end_date",), top=top, width=1.0
    )


def c_million(h, which="budget", top=None, numeric=False):
    key = "budget_vnd" if which == "budget" else "budget_state_vnd"
    return Col(
        h,
        lambda t: getattr(t, which) / 1e6 if numeric else million(getattr(t, which)),
        (key,),
        top=top,
        width=1.0,
        sum_of=which,
    )


def c_dong(h, which="budget", numeric=False):
    key = "budget_vnd" if which == "budget" else "budget_state_vnd"
    return Col(h, lambda t: getattr(t, which) if numeric else dong(getattr(t, which)), (key,), width=1.3, sum_of=which)


def c_grade(h="Xếp loại", upper=False):
    return Col(h, lambda t: GRADES[t.grade].upper() if upper else GRADES[t.grade], ("acceptance_grade",), width=0.9)


def c_kind(h, words: dict[str, str], merge_same=False):
    return Col(h, lambda t: words[t.kind], (), merge_same=merge_same, width=1.0)


def c_const(h, fn, w=1.5):
    """A column the expected records do not read (notes, ordering method, objectives)."""
    return Col(h, fn, (), width=w)


def task_table(
    cols: list[Col],
    body: list,
    numbered: bool = False,
    stt: str = "STT",
    restart_numbers: bool = True,
    total: str | None = None,
) -> Table:
    """A task table: STT column + ``cols``; ``body`` is T rows and Group rows."""
    cols = [Col(stt, None, width=0.45)] + cols
    n = len(cols)
    two = any(c.top for c in cols)
    rows: list[list[object]] = []
    merges: list[tuple[int, int, int, int]] = []
    if two:
        top, sub = [], []
        i = 0
        while i < n:
            c = cols[i]
            if c.top:
                j = i
                while j + 1 < n and cols[j + 1].top == c.top:
                    j += 1
                for k in range(i, j + 1):
                    top.append(C(c.top, bold=True) if k == i else None)
                    sub.append(C(cols[k].header, bold=True))
                merges.append((0, i, 0, j))
                i = j + 1
            else:
                top.append(C(c.header, bold=True))
                sub.append(None)
                merges.append((0, i, 1, i))
                i += 1
        rows += [top, sub]
    else:
        rows.append([C(c.header, bold=True) for c in cols])
    header_rows = len(rows)
    if numbered:
        rows.append([f"({i})" for i in range(1, n + 1)])
        header_rows += 1
    no = 0
    run: dict[int, tuple[int, object]] = {}  # column -> (first row of a run of equal values, value)

    def close_runs(upto: int) -> None:
        for ci, (r0, _v) in run.items():
            if upto - 1 > r0:
                merges.append((r0, ci, upto - 1, ci))
        run.clear()

    for item in body:
        if isinstance(item, Group):
            close_runs(len(rows))
            if restart_numbers:
                no = 0
            if item.spanned:
                rows.append([C(item.text or f"{item.no}. {item.label}", bold=True)] + [None] * (n - 1))
                merges.append((len(rows) - 1, 0, len(rows) - 1, n - 1))
            else:
                rows.append([C(item.no, bold=True), C(item.label, bold=True)] + [None] * (n - 2))
            continue
        no += 1
        r = len(rows)
        row: list[object] = [no]
        for ci, c in enumerate(cols[1:], start=1):
            v = c.cell(item)
            if c.merge_same:
                if ci in run and run[ci][1] == v:
                    row.append(None)
                    continue
                if ci in run and r - 1 > run[ci][0]:
                    merges.append((run[ci][0], ci, r - 1, ci))
                run[ci] = (r, v)
            row.append(v)
        rows.append(row)
    close_runs(len(rows))
    if total:  # a "Tổng cộng" row summing the money columns: not a task
        tasks = [x for x in body if isinstance(x, T)]
        whole = T("", budget=sum(t.budget for t in tasks), state=sum(t.state for t in tasks))
        rows.append([None, C(total, bold=True)] + [C(c.cell(whole), bold=True) if c.sum_of else None for c in cols[2:]])
    return Table(rows, merges, header_rows, [c.width for c in cols])


def shown_fields(cols: list[Col]) -> set[str]:
    return {f for c in cols for f in c.fields}


def expected(case: Case) -> list[dict]:
    """The expected line of each task: what the document shows, null elsewhere."""
    out = []
    for t in case.tasks:
        s = case.shown
        rec = {
            "title": unicodedata.normalize("NFC", " ".join(t.title.split())),
            "code": t.code if "code" in s else None,
            "level": case.level,
            "kind": t.kind if case.kind_shown else None,
            "host_org": t.host if "host_org" in s else None,
            "principal_investigator": t.pi if "principal_investigator" in s else None,
            "pi_title": t.pi_title if "pi_title" in s else None,
            "start_date": iso(t.start, case.date_prec) if "start_date" in s else None,
            "end_date": iso(t.end, case.date_prec) if "end_date" in s else None,
            "budget_vnd": t.budget if "budget_vnd" in s else None,
            "budget_state_vnd": t.state if "budget_state_vnd" in s else None,
            "acceptance_grade": t.grade if "acceptance_grade" in s else None,
            "decision_no": case.decision[0] if case.decision else None,
            "decision_date": case.decision[1] if case.decision else None,
        }
        if "decision_no" in s and t.dec:  # the row names its own decision
            rec["decision_no"], rec["decision_date"] = t.dec, t.dec_date.isoformat()
        out.append({k: rec[k] for k in KEYS})
    return out


def split_table(tab: Table, at: int) -> list:
    """The table continued on the next page WITHOUT its header: rows [0, at) then a page break, then the rest."""
    for r0, _c0, r1, _c1 in tab.merges:
        assert r1 < at or r0 >= at, "a merge may not cross the page break"
    first = Table(tab.rows[:at], [m for m in tab.merges if m[2] < at], tab.header_rows, tab.widths)
    rest = Table(
        tab.rows[at:], [(r0 - at, c0, r1 - at, c1) for r0, c0, r1, c1 in tab.merges if r0 >= at], 0, tab.widths
    )
    return [first, Break(), rest]


def cell_value(v: object) -> tuple[object, str | None, bool]:
    if isinstance(v, C):
        return v.v, v.fmt, v.bold
    return v, None, False


def cell_text(v: object) -> str:
    """How a cell reads in a Word or PDF document (dates as the number format shows them)."""
    v, fmt, _ = cell_value(v)
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.strftime({"mm/yyyy": "%m/%Y", "dd/mm/yyyy": "%d/%m/%Y"}[fmt or "dd/mm/yyyy"])
    if isinstance(v, float):
        return vn_number(v)
    return str(v)


def _width(blocks: list) -> int:
    return max((len(b.rows[0]) for b in blocks if isinstance(b, Table)), default=6)


# --------------------------------------------------------------------------- writers
def write_xlsx(blocks: list, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    n = _width(blocks)
    r = 1
    half = max(2, n // 3)
    for b in blocks:
        if isinstance(b, Sheet):
            if r > 1:
                ws = wb.create_sheet(b.name)
            ws.title = b.name
            r = 1
        elif isinstance(b, Para):
            if b.right is not None:
                ws.cell(r, 1, b.text or None).font = Font(bold=b.bold)
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
                ws.cell(r, half + 1, b.right).font = Font(bold=b.bold)
                ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=n)
            else:
                if b.text:
                    cell = ws.cell(r, 1, b.text)
                    cell.font = Font(bold=b.bold)
                    cell.alignment = Alignment(horizontal="center" if b.center else "left")
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
            r += 1
        elif isinstance(b, Table):
            for i, row in enumerate(b.rows):
                for j, v in enumerate(row):
                    val, fmt, bold = cell_value(v)
                    if val is None:
                        continue
                    cell = ws.cell(r + i, j + 1, val)
                    if fmt:
                        cell.number_format = fmt
                    if bold:
                        cell.font = Font(bold=True)
                    cell.alignment = Alignment(wrap_text=True, vertical="center")
            for r0, c0, r1, c1 in b.merges:
                ws.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
            if b.widths:
                for j, w in enumerate(b.widths):
                    ws.column_dimensions[chr(65 + j)].width = 12 * w
            r += len(b.rows)
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "Sở Khoa học và Công nghệ"
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible_zip(buf.getvalue())


def write_xls(blocks: list, sheet: str) -> bytes:
    """BIFF8 by xlwt: a date cell is a number with an XF whose FORMAT record is the given pattern."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    styles: dict[tuple, object] = {}

    def style(fmt: str | None, bold: bool):
        key = (fmt, bold)
        if key not in styles:
            spec = "font: bold on; " if bold else ""
            spec += "align: wrap on, vert centre"
            styles[key] = xlwt.easyxf(spec, num_format_str=fmt or "General")
        return styles[key]

    n = _width(blocks)
    half = max(2, n // 3)
    r = 0
    for b in blocks:
        if isinstance(b, Para):
            st = style(None, b.bold)
            if b.right is not None:
                ws.write_merge(r, r, 0, half - 1, b.text, st)
                ws.write_merge(r, r, half, n - 1, b.right, st)
            elif b.text:
                ws.write_merge(r, r, 0, n - 1, b.text, st)
            r += 1
        elif isinstance(b, Table):
            covered = {}
            for r0, c0, r1, c1 in b.merges:
                for i in range(r0, r1 + 1):
                    for j in range(c0, c1 + 1):
                        covered[(i, j)] = (r0, c0, r1, c1)
            for i, row in enumerate(b.rows):
                for j, v in enumerate(row):
                    val, fmt, bold = cell_value(v)
                    m = covered.get((i, j))
                    if m is not None:
                        if (i, j) == m[:2]:
                            ws.write_merge(r + m[0], r + m[2], m[1], m[3], val, style(fmt, bold))
                        continue
                    if val is not None:
                        ws.write(r + i, j, val, style(fmt, bold))
            if b.widths:
                for j, w in enumerate(b.widths):
                    ws.col(j).width = int(256 * 12 * w)
            r += len(b.rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_docx(blocks: list, landscape: bool = True) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(1.5)
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if isinstance(b, Para) and b.right is not None:
            lines = []
            while i < len(blocks) and isinstance(blocks[i], Para) and blocks[i].right is not None:
                lines.append(blocks[i])
                i += 1
            t = doc.add_table(rows=len(lines), cols=2)  # the borderless header block of a decision
            for k, p in enumerate(lines):
                for c, text in enumerate((p.text, p.right)):
                    para = t.cell(k, c).paragraphs[0]
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    para.add_run(text).bold = p.bold
            continue
        if isinstance(b, Para):
            para = doc.add_paragraph()
            if b.center:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run(b.text).bold = b.bold
        elif isinstance(b, Break):
            doc.add_page_break()
        elif isinstance(b, Table):
            ncols = len(b.rows[0])
            t = doc.add_table(rows=len(b.rows), cols=ncols)
            t.style = "Table Grid"
            for r, row in enumerate(b.rows):
                for c, v in enumerate(row):
                    _val, _fmt, bold = cell_value(v)
                    text = cell_text(v)
                    if text:
                        t.cell(r, c).paragraphs[0].add_run(text).bold = bold
            if b.widths:  # grid widths (LibreOffice reads these) and cell widths (Word); set before merging so merged cells add them up
                t.autofit = False
                total = sum(b.widths)
                for c, w in enumerate(b.widths):
                    t.columns[c].width = Cm(26.0 * w / total)
                    for cell in t.columns[c].cells:
                        cell.width = Cm(26.0 * w / total)
            for r0, c0, r1, c1 in b.merges:
                top = t.cell(r0, c0)
                keep = [p for p in top.paragraphs]
                merged = top.merge(t.cell(r1, c1))
                # python-docx appends the (empty) paragraphs of the swallowed cells: drop them
                for p in merged.paragraphs:
                    if p not in keep and not p.text:
                        p._element.getparent().remove(p._element)
        i += 1
    if blocks and isinstance(blocks[-1], Table):
        doc.add_paragraph()  # Word always ends a body with a paragraph; without it LibreOffice
        #                                    writes a Word 97 table that it cannot read back
    cp = doc.core_properties
    cp.created = cp.modified = FIXED
    cp.author = "Sở Khoa học và Công nghệ"
    cp.last_modified_by = ""
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return reproducible_zip(buf.getvalue())


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def write_pdf(blocks: list) -> bytes:
    """A text-layer PDF (reportlab, DejaVu Sans embedded: Unicode Vietnamese), landscape A4."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    base = ParagraphStyle("n", fontName="DejaVu", fontSize=9, leading=11.5)
    bold = ParagraphStyle("b", parent=base, fontName="DejaVu-Bold")
    center = ParagraphStyle("c", parent=base, alignment=1)
    cbold = ParagraphStyle("cb", parent=bold, alignment=1)
    cell_st = ParagraphStyle("t", parent=base, fontSize=8, leading=10)
    cell_b = ParagraphStyle("tb", parent=cell_st, fontName="DejaVu-Bold", alignment=1)
    page = landscape(A4)
    avail = page[0] - 3 * cm
    story = []
    for b in blocks:
        if isinstance(b, Para):
            if b.right is not None:
                st = cbold if b.bold else center
                t = RLTable(
                    [[Paragraph(escape(b.text), st), Paragraph(escape(b.right), st)]],
                    colWidths=[avail * 0.4, avail * 0.6],
                )
                story.append(t)
            else:
                st = (cbold if b.bold else center) if b.center else (bold if b.bold else base)
                story.append(Paragraph(escape(b.text), st) if b.text else Spacer(1, 8))
        elif isinstance(b, Break):
            story.append(PageBreak())
        elif isinstance(b, Table):
            data = [
                [Paragraph(escape(cell_text(v)), cell_b if cell_value(v)[2] else cell_st) for v in row]
                for row in b.rows
            ]
            total = sum(b.widths)
            t = RLTable(
                data,
                colWidths=[avail * w / total for w in b.widths],
                repeatRows=b.header_rows if b.repeat_header else 0,
            )
            style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in b.merges]
            t.setStyle(TableStyle(style))
            story.append(t)
            story.append(Spacer(1, 10))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=page,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        invariant=1,
        title="",
        author="",
        creator="",
        producer="",
    )
    doc.build(story)
    return buf.getvalue()


# --------------------------------------------------------------------------- the cases
RT, TP, ST, SC = "research_topic", "trial_production_project", "st_project", "scheme"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PROVINCIAL = "provincial"


def header_block(left1: str, left2: str) -> list[Para]:
    return [Para(left1, True, right=MOTTO[0]), Para(left2, True, right=MOTTO[1])]


def title_lines(*lines: str) -> list[Para]:
    """First line(s) bold and centred (the list's name), the last one the '(Kèm theo …)' line."""
    return [Para(x, bold=i < len(lines) - 1, center=True) for i, x in enumerate(lines)]


def grouped(tasks: list[T], labels: dict[str, tuple[str, str]], spanned: bool = True) -> list:
    """Task rows ordered by kind, a group row before each kind (labels: kind -> (number, label))."""
    body, seen = [], set()
    for k in labels:
        for t in tasks:
            if t.kind == k:
                if k not in seen:
                    body.append(Group(*labels[k], spanned=spanned))
                    seen.add(k)
                body.append(t)
    return body


def ordered(body: list) -> list[T]:
    return [x for x in body if isinstance(x, T)]


def c_code(h="Mã số"):
    return Col(h, lambda t: t.code, ("code",), width=1.15)


def method(t: T) -> str:
    return "Giao trực tiếp" if len(t.title) % 3 == 0 else "Tuyển chọn"


def case(
    case_id,
    fmt,
    classes,
    note,
    blocks_before,
    cols,
    body,
    blocks_after,
    level,
    decision,
    kind_shown,
    date_prec="month",
    stt="STT",
    numbered=False,
    split_at=None,
    repeat_header=False,
    total=None,
) -> Case:
    tab = task_table(cols, body, numbered=numbered, stt=stt, total=total)
    tab.repeat_header = repeat_header
    tables = split_table(tab, split_at) if split_at else [tab]
    return Case(
        case_id,
        fmt,
        classes,
        note,
        blocks_before + tables + blocks_after,
        ordered(body),
        shown_fields(cols),
        level,
        decision,
        kind_shown,
        date_prec,
    )


def contacts_table(rows: list[tuple]) -> Table:
    head = ["STT", "Họ và tên", "Chức vụ", "Phòng, đơn vị", "Điện thoại", "Thư điện tử"]
    data = [[C(h, bold=True) for h in head]] + [[i] + list(r) for i, r in enumerate(rows, 1)]
    return Table(data, widths=[0.45, 1.6, 1.4, 2.0, 1.1, 2.0])


STAFF = [
    ("Nguyễn Thị Thu Trang", "Trưởng phòng", "Phòng Quản lý khoa học", "0209.3870.123", "trangntt@backan.gov.vn"),
    ("Hoàng Văn Dũng", "Phó Trưởng phòng", "Phòng Quản lý khoa học", "0209.3870.124", "dunghv@backan.gov.vn"),
    ("Lê Thị Hoài", "Chuyên viên", "Phòng Kế hoạch - Tài chính", "0209.3870.131", "hoailt@backan.gov.vn"),
    ("Triệu Đức Minh", "Chuyên viên", "Văn phòng Sở", "0209.3870.110", "minhtd@backan.gov.vn"),
    ("Bàn Thị Xuân", "Kế toán", "Văn phòng Sở", "0209.3870.112", "xuanbt@backan.gov.vn"),
    ("Vũ Hồng Quân", "Giám đốc", "Trung tâm Thông tin và Thống kê KH&CN", "0209.3870.140", "quanvh@backan.gov.vn"),
]


def fix_years(tasks: list[T]) -> list[T]:
    """Year-only periods: keep start and end in different years so 'YYYY - YYYY' reads as a period."""
    return [t if t.end.year > t.start.year else replace(t, end=t.end.replace(year=t.start.year + 1)) for t in tasks]


def build_cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append

    # ---- XLSX
    ts = make_tasks(101, [RT, RT, TP, RT, SC, TP], 2020, grades=True)
    add(
        case(
            "xlsx_office_acceptance_hinhthuc_monthcells",
            "xlsx",
            [1, 2, 3, 4],
            "acceptance list, decision in the title block; kind column 'Hình thức'; 'Học hàm, học vị' beside "
            "'Họ và tên chủ nhiệm'; start/end as mm/yyyy date cells; budgets as numbers in triệu đồng",
            header_block("ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN")
            + [Para("")]
            + title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC CÔNG NHẬN KẾT QUẢ NĂM 2023",
                "(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_kind("Hình thức", {RT: "Đề tài", TP: "Dự án SXTN", SC: "Đề án"}),
                c_host(),
                c_pi_name("Họ và tên chủ nhiệm"),
                c_pi_title("Học hàm, học vị"),
                c_date("Bắt đầu", "start", "mm/yyyy", top="Thời gian thực hiện"),
                c_date("Kết thúc", "end", "mm/yyyy", top="Thời gian thực hiện"),
                c_million("Tổng số", top="Kinh phí (triệu đồng)", numeric=True),
                c_million("Trong đó NSNN", "state", top="Kinh phí (triệu đồng)", numeric=True),
                c_grade("Kết quả xếp loại"),
            ],
            ts,
            [Para(""), Para("", right="TL. CHỦ TỊCH")],
            PROVINCIAL,
            ("1234/QĐ-UBND", "2024-03-15"),
            True,
        )
    )

    ts = make_tasks(102, [RT, RT, RT, ST, ST, TP], 2024, day_dates=True)
    add(
        case(
            "xlsx_office_direct_daycells_merged_kind",
            "xlsx",
            [1, 2, 3, 4],
            "'(Ban hành kèm theo Quyết định …)' title block; kind column 'Loại nhiệm vụ' merged down; "
            "'Học vị' column beside 'Chủ nhiệm'; contract dates as dd/mm/yyyy date cells; state budget in đồng",
            title_lines(
                "PHỤ LỤC",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH GIAO TRỰC TIẾP THỰC HIỆN NĂM 2024",
                "(Ban hành kèm theo Quyết định số 2087/QĐ-UBND ngày 06 tháng 12 năm 2023 của Ủy ban "
                "nhân dân tỉnh Thái Nguyên)",
            ),
            [
                c_kind(
                    "Loại nhiệm vụ", {RT: "Đề tài", ST: "Dự án KH&CN", TP: "Dự án sản xuất thử nghiệm"}, merge_same=True
                ),
                c_title(),
                c_host("Đơn vị chủ trì"),
                c_pi_name("Chủ nhiệm"),
                c_pi_title("Học vị"),
                c_date("Từ ngày", "start", "dd/mm/yyyy", top="Thời gian thực hiện theo hợp đồng"),
                c_date("Đến ngày", "end", "dd/mm/yyyy", top="Thời gian thực hiện theo hợp đồng"),
                c_dong("Kinh phí từ ngân sách nhà nước (đồng)", "state", numeric=True),
            ],
            ts,
            [],
            PROVINCIAL,
            ("2087/QĐ-UBND", "2023-12-06"),
            True,
            date_prec="day",
            stt="TT",
        )
    )

    ts = make_tasks(103, [RT, RT, RT, TP, TP, SC], 2025)
    body = grouped(ts, {RT: ("I", "Đề tài"), TP: ("II", "Dự án sản xuất thử nghiệm"), SC: ("III", "Đề án")})
    add(
        case(
            "xlsx_office_group_rows_contacts_below",
            "xlsx",
            [1, 2, 7],
            "'Phụ lục I … (Kèm theo Quyết định …)'; group rows I/II/III spanning the table give the kind; "
            "a contacts table below the list on the same sheet must yield nothing",
            title_lines(
                "Phụ lục I",
                "DANH MỤC ĐỀ TÀI, DỰ ÁN, ĐỀ ÁN KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN TỪ NĂM 2025",
                "(Kèm theo Quyết định số 1879/QĐ-UBND ngày 28/10/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_full(),
                c_period(),
                c_million("Tổng kinh phí (triệu đồng)", numeric=True),
                c_million("Trong đó NSNN (triệu đồng)", "state", numeric=True),
            ],
            body,
            [
                Para(""),
                Para(""),
                Para("DANH SÁCH CÁN BỘ ĐẦU MỐI THEO DÕI, HƯỚNG DẪN THỰC HIỆN", True),
                contacts_table(STAFF[:4]),
            ],
            PROVINCIAL,
            ("1879/QĐ-UBND", "2024-10-28"),
            True,
            numbered=True,
        )
    )

    ts = make_tasks(104, [RT] * 6, 2019, grades=True)
    add(
        case(
            "xlsx_office_ascii_headers",
            "xlsx",
            [1, 3, 4, 8],
            "ASCII-folded headers ('Ten nhiem vu', 'Hoc ham hoc vi', 'Thoi gian bat dau'); month date cells; "
            "acceptance decision in the title block",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH NGHIỆM THU NĂM 2022",
                "(Kèm theo Quyết định số 2210/QĐ-UBND ngày 30/12/2022 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title("Ten nhiem vu"),
                c_host("Co quan chu tri"),
                c_pi_name("Chu nhiem"),
                c_pi_title("Hoc ham hoc vi"),
                c_date("Thoi gian bat dau", "start", "mm/yyyy"),
                c_date("Thoi gian ket thuc", "end", "mm/yyyy"),
                c_million("Tong kinh phi (trieu dong)", numeric=True),
                c_grade("Xep loai"),
            ],
            ts,
            [],
            PROVINCIAL,
            ("2210/QĐ-UBND", "2022-12-30"),
            False,
            stt="TT",
        )
    )

    ts = fix_years(make_tasks(105, [RT, RT, ST, RT, ST], 2024))
    add(
        case(
            "xlsx_office_unusual_headers_grassroots",
            "xlsx",
            [1, 2, 8],
            "unusual header wordings ('Tên đề tài/dự án', 'Đơn vị thực hiện', 'Người chủ trì', 'Thời hạn "
            "thực hiện', 'Tổng vốn (tr.đ)'); kind column 'Hình thức thực hiện'; grassroots list of a Sở decision",
            [Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH KON TUM", True)]
            + title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP CƠ SỞ NĂM 2024",
                "(Kèm theo Quyết định số 45/QĐ-SKHCN ngày 22/02/2024 của Giám đốc Sở Khoa học và Công nghệ)",
            ),
            [
                c_title("Tên đề tài/dự án"),
                c_kind("Hình thức thực hiện", {RT: "Đề tài", ST: "Dự án ứng dụng"}),
                c_host("Đơn vị thực hiện"),
                c_pi_full("Người chủ trì"),
                c_years("Thời hạn thực hiện"),
                c_million("Tổng vốn (tr.đ)"),
                c_million("Vốn SNKH (tr.đ)", "state"),
            ],
            ts,
            [],
            "grassroots",
            ("45/QĐ-SKHCN", "2024-02-22"),
            True,
            date_prec="year",
            stt="Số TT",
        )
    )

    add(
        Case(
            "xlsx_negative_phone_directory",
            "xlsx",
            [7],
            "negative: a phone directory of the department (names, posts, phones), no tasks",
            [
                Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH BẮC KẠN", True),
                Para("DANH BẠ ĐIỆN THOẠI CÁC PHÒNG, ĐƠN VỊ THUỘC SỞ", True, True),
                contacts_table(STAFF),
            ],
            [],
            set(),
            None,
            None,
            False,
        )
    )

    # ---- XLS
    ts = make_tasks(201, [RT] * 6, 2019, grades=True)
    for i, t in enumerate(ts, 1):
        t.code = f"KHCN-BK/2019-{i:02d}"
    add(
        case(
            "xls_office_acceptance_monthcells",
            "xls",
            [1, 3, 4],
            "XLS acceptance list; start/end as date cells with an mm/yyyy FORMAT record; 'Học hàm, học vị' "
            "beside 'Họ và tên chủ nhiệm'; task codes",
            header_block("ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN")
            + title_lines(
                "DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH ĐÃ NGHIỆM THU, CÔNG NHẬN KẾT QUẢ NĂM 2022",
                "(Kèm theo Quyết định số 318/QĐ-UBND ngày 01/3/2023 của UBND tỉnh)",
            ),
            [
                c_code(),
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_name("Họ và tên chủ nhiệm"),
                c_pi_title("Học hàm, học vị"),
                c_date("Từ", "start", "mm/yyyy", top="Thời gian thực hiện"),
                c_date("Đến", "end", "mm/yyyy", top="Thời gian thực hiện"),
                c_million("Kinh phí (triệu đồng)", numeric=True),
                c_grade(),
            ],
            ts,
            [],
            PROVINCIAL,
            ("318/QĐ-UBND", "2023-03-01"),
            False,
            stt="TT",
        )
    )

    ts = make_tasks(202, [RT, RT, TP, TP, ST], 2023, day_dates=True)
    add(
        case(
            "xls_office_daycells_merged_kind",
            "xls",
            [1, 2, 4],
            "XLS: 'Loại hình' kind cells merged down; dd/mm/yyyy date cells; state budget in đồng; "
            "decision line without parentheses",
            title_lines(
                "ỦY BAN NHÂN DÂN TỈNH KON TUM",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH KÝ HỢP ĐỒNG THỰC HIỆN NĂM 2023",
                "Kèm theo Quyết định số 745/QĐ-UBND ngày 05/5/2023 của Ủy ban nhân dân tỉnh Kon Tum",
            ),
            [
                c_kind("Loại hình", {RT: "Đề tài", TP: "Dự án SXTN", ST: "Dự án KH&CN"}, merge_same=True),
                c_title(),
                c_host(),
                c_pi_full(),
                c_date("Ngày bắt đầu", "start", "dd/mm/yyyy"),
                c_date("Ngày kết thúc", "end", "dd/mm/yyyy"),
                c_dong("Kinh phí SNKH (đồng)", "state", numeric=True),
            ],
            ts,
            [],
            PROVINCIAL,
            ("745/QĐ-UBND", "2023-05-05"),
            True,
            date_prec="day",
        )
    )

    ts = make_tasks(203, [RT, RT, RT, SC, SC], 2024)
    goals = [
        "Xác định được cơ sở khoa học và đề xuất giải pháp phù hợp với điều kiện của tỉnh",
        "Xây dựng được quy trình kỹ thuật và mô hình ứng dụng tại địa phương",
    ]
    body = grouped(ts, {RT: ("A", "ĐỀ TÀI"), SC: ("B", "ĐỀ ÁN")}, spanned=False)
    add(
        case(
            "xls_office_ordering_group_rows",
            "xls",
            [1, 2],
            "XLS ordering (đặt hàng) list: group rows 'A | ĐỀ TÀI', 'B | ĐỀ ÁN' (number and label in two cells); "
            "objective/requirement columns and an ordering-method column that is not the kind",
            title_lines(
                "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG ĐỂ TUYỂN CHỌN, GIAO TRỰC TIẾP "
                "THỰC HIỆN TỪ NĂM 2024",
                "(Kèm theo Quyết định số 1562/QĐ-UBND ngày 25 tháng 9 năm 2023 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_const("Định hướng mục tiêu", lambda t: goals[len(t.title) % 2], 2.5),
                c_const(
                    "Yêu cầu đối với kết quả",
                    lambda t: "Báo cáo tổng hợp kết quả; tài liệu hướng dẫn; bài báo khoa học",
                    2.0,
                ),
                c_const("Phương thức tổ chức thực hiện", method),
            ],
            body,
            [],
            PROVINCIAL,
            ("1562/QĐ-UBND", "2023-09-25"),
            True,
            stt="TT",
        )
    )

    ts = fix_years(make_tasks(204, [RT] * 5, 2023))
    add(
        case(
            "xls_office_ascii_headers_years",
            "xls",
            [1, 3, 8],
            "XLS with ASCII-folded headers ('Ten de tai', 'Ho va ten chu nhiem', 'Hoc ham hoc vi'); years as "
            "number cells; the list title says đề tài; decision of the Sở in the title block",
            title_lines(
                "DANH MỤC ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐANG THỰC HIỆN NĂM 2024",
                "(Kèm theo Quyết định số 96/QĐ-SKHCN ngày 20/01/2024 của Sở Khoa học và Công nghệ tỉnh Bắc Kạn)",
            ),
            [
                c_title("Ten de tai"),
                c_host("Don vi chu tri"),
                c_pi_name("Ho va ten chu nhiem"),
                c_pi_title("Hoc ham hoc vi", strip_dot=True),
                Col("Nam bat dau", lambda t: t.start.year, ("start_date",)),
                Col("Nam ket thuc", lambda t: t.end.year, ("end_date",)),
                c_million("Kinh phi (trieu dong)", numeric=True),
            ],
            ts,
            [],
            PROVINCIAL,
            ("96/QĐ-SKHCN", "2024-01-20"),
            True,
            date_prec="year",
            stt="TT",
        )
    )

    duty = [[C(h, bold=True) for h in ("STT", "Ngày trực", "Họ và tên", "Chức vụ", "Điện thoại")]]
    for i, (d, who) in enumerate(zip((8, 9, 10, 11, 12, 13), STAFF), 1):
        duty.append([i, C(dt.date(2024, 2, d), "dd/mm/yyyy"), who[0], who[1], who[3]])
    add(
        Case(
            "xls_negative_duty_roster",
            "xls",
            [7],
            "negative: a holiday duty roster (date cells, names, posts), no tasks",
            [
                Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ", True),
                Para("LỊCH TRỰC CƠ QUAN DỊP TẾT NGUYÊN ĐÁN GIÁP THÌN 2024", True, True),
                Table(duty, widths=[0.45, 1.0, 1.6, 1.4, 1.2]),
            ],
            [],
            set(),
            None,
            None,
            False,
        )
    )

    # ---- DOCX
    ts = make_tasks(301, [RT, RT, RT, TP, TP, SC], 2023)
    add(
        case(
            "docx_office_approval_vmerge_kind",
            "docx",
            [1, 2, 3],
            "DOCX annex: '(Ban hành kèm theo Quyết định …)'; 'Loại nhiệm vụ' cells merged down (vMerge); "
            "'Học hàm, học vị' beside 'Họ và tên chủ nhiệm'; two-row budget header",
            title_lines(
                "PHỤ LỤC",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN TỪ NĂM 2023",
                "(Ban hành kèm theo Quyết định số 2344/QĐ-UBND ngày 18/11/2022 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_kind("Loại nhiệm vụ", {RT: "Đề tài", TP: "Dự án SXTN", SC: "Đề án"}, merge_same=True),
                c_title(),
                c_host(),
                c_pi_name("Họ và tên chủ nhiệm"),
                c_pi_title("Học hàm, học vị"),
                c_period(),
                c_million("Tổng số", top="Kinh phí (triệu đồng)"),
                c_million("Trong đó NSNN", "state", top="Kinh phí (triệu đồng)"),
            ],
            ts,
            [],
            PROVINCIAL,
            ("2344/QĐ-UBND", "2022-11-18"),
            True,
            stt="TT",
        )
    )

    words = [
        ("Đề tài nghiên cứu, đánh giá chất lượng nguồn nước sinh hoạt nông thôn tại các huyện vùng cao", RT),
        ("Dự án sản xuất thử nghiệm giống khoai môn sáp vàng tại huyện Chợ Mới", TP),
        ("Đề án phát triển nguồn nhân lực khoa học và công nghệ tỉnh giai đoạn 2021 - 2025", SC),
        ("Dự án xây dựng mô hình trồng cây dược liệu dưới tán rừng tại xã Cốc Đán", None),
        ("Dự án ứng dụng tiến bộ kỹ thuật nuôi ong lấy mật theo hướng hữu cơ", ST),
        ("Dự án khoa học và công nghệ ứng dụng IoT giám sát môi trường nuôi cá lồng trên hồ Ba Bể", ST),
    ]
    ts = make_tasks(302, [k for _, k in words], 2021, grades=True, titles=[w for w, _ in words])
    add(
        case(
            "docx_office_acceptance_kind_in_title",
            "docx",
            [1, 2],
            "DOCX acceptance list; the kind only in each title's opening words (a bare 'Dự án …' has none); "
            "an older decision mentioned in passing under the list's own",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC CÔNG NHẬN KẾT QUẢ THỰC HIỆN NĂM 2024",
                "Kèm theo Quyết định số 1602/QĐ-UBND ngày 27 tháng 8 năm 2024 của UBND tỉnh Bắc Kạn",
            )
            + [
                Para(
                    "(Danh mục này thay thế danh mục kèm theo Quyết định số 1190/QĐ-UBND ngày 10/6/2024 của UBND tỉnh)",
                    center=True,
                )
            ],
            [c_title(), c_host("Đơn vị chủ trì"), c_pi_full("Chủ nhiệm"), c_period(), c_grade()],
            ts,
            [],
            PROVINCIAL,
            ("1602/QĐ-UBND", "2024-08-27"),
            True,
        )
    )

    ts = make_tasks(303, [RT, RT, RT, ST, ST], 2025)
    body = grouped(ts, {RT: ("I", "Đề tài"), ST: ("II", "Dự án khoa học và công nghệ")}, spanned=False)
    sched = [
        [C(h, bold=True) for h in ("TT", "Thời gian", "Nội dung", "Địa điểm", "Thành phần")],
        [
            1,
            "Quý II/2025",
            "Kiểm tra hồ sơ, sổ sách kế toán và sản phẩm trung gian",
            "Tại tổ chức chủ trì",
            "Phòng Quản lý khoa học; Phòng Kế hoạch - Tài chính",
        ],
        [
            2,
            "Quý III/2025",
            "Kiểm tra mô hình thực địa",
            "Tại địa điểm triển khai",
            "Phòng Quản lý khoa học; đại diện UBND xã",
        ],
        [
            3,
            "Tháng 12/2025",
            "Tổng hợp, báo cáo kết quả kiểm tra",
            "Sở Khoa học và Công nghệ",
            "Phòng Quản lý khoa học",
        ],
    ]
    add(
        case(
            "docx_office_group_rows_schedule_below",
            "docx",
            [1, 2, 7],
            "DOCX 'Phụ lục II': group rows 'I | Đề tài', 'II | Dự án khoa học và công nghệ'; a progress-check "
            "schedule table after the list must yield nothing",
            title_lines(
                "Phụ lục II",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC PHÊ DUYỆT KINH PHÍ NĂM 2025",
                "(Kèm theo Quyết định số 310/QĐ-UBND ngày 14/02/2025 của UBND tỉnh Thái Nguyên)",
            ),
            [c_title(), c_host(), c_pi_full(), c_period(), c_million("Kinh phí NSNN (triệu đồng)", "state")],
            body,
            [
                Para(""),
                Para("LỊCH KIỂM TRA TIẾN ĐỘ THỰC HIỆN NĂM 2025", True, True),
                Table(sched, widths=[0.45, 1.1, 3.0, 1.6, 2.4]),
            ],
            PROVINCIAL,
            ("310/QĐ-UBND", "2025-02-14"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(304, [RT] * 5, 2020, grades=True)
    add(
        case(
            "docx_office_unusual_headers_hocvi",
            "docx",
            [1, 3, 8],
            "DOCX with unusual header wordings ('Tên nhiệm vụ KH&CN', 'Cơ quan thực hiện', 'Dự toán kinh phí', "
            "'Kết quả đánh giá'); 'Học vị' beside 'Họ và tên chủ nhiệm'",
            title_lines(
                "DANH SÁCH NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ ĐƯỢC ĐÁNH GIÁ, NGHIỆM THU NĂM 2023",
                "(Kèm theo Quyết định số 88/QĐ-UBND ngày 19/01/2024 của Chủ tịch UBND tỉnh Kon Tum)",
            ),
            [
                c_title("Tên nhiệm vụ KH&CN"),
                c_host("Cơ quan thực hiện"),
                c_pi_name("Họ và tên chủ nhiệm"),
                c_pi_title("Học vị"),
                c_period("Thời gian thực hiện (bắt đầu - kết thúc)", sep="-"),
                c_million("Dự toán kinh phí (triệu đồng)"),
                c_grade("Kết quả đánh giá"),
            ],
            ts,
            [],
            PROVINCIAL,
            ("88/QĐ-UBND", "2024-01-19"),
            False,
            stt="Số thứ tự",
        )
    )

    hot = [[C(h, bold=True) for h in ("TT", "Cơ quan, đơn vị", "Người tiếp nhận", "Điện thoại", "Thư điện tử")]]
    for i, s in enumerate(STAFF[:4], 1):
        hot.append([i, s[2], s[0], s[3], s[4]])
    add(
        Case(
            "docx_negative_hotline_list",
            "docx",
            [7],
            "negative: hotline contacts for feedback on S&T activities, no tasks",
            [
                Para(
                    "DANH SÁCH ĐƯỜNG DÂY NÓNG TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ VỀ HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ",
                    True,
                    True,
                ),
                Table(hot, widths=[0.45, 2.2, 1.6, 1.2, 2.0]),
            ],
            [],
            set(),
            None,
            None,
            False,
        )
    )

    # ---- DOC (Word 97, converted from DOCX by LibreOffice)
    ts = fix_years(make_tasks(401, [RT, TP, RT, SC, TP], 2025))
    add(
        case(
            "doc_office_ordering_hinhthuc",
            "doc",
            [1, 2],
            "Word 97 ordering list behind a borderless header block; kind column 'Hình thức'; "
            "an ordering-method column; expected budgets",
            header_block("ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN")
            + title_lines(
                "Phụ lục",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG NĂM 2025",
                "(Kèm theo Quyết định số 1977/QĐ-UBND ngày 21/10/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_kind("Hình thức", {RT: "Đề tài", TP: "Dự án sản xuất thử nghiệm", SC: "Đề án"}),
                c_const("Phương thức", method, 1.1),
                c_years(),
                c_million("Kinh phí dự kiến (triệu đồng)"),
            ],
            ts,
            [],
            PROVINCIAL,
            ("1977/QĐ-UBND", "2024-10-21"),
            True,
            date_prec="year",
        )
    )

    ts = make_tasks(402, [RT, RT, RT, SC, SC], 2022)
    body = grouped(ts, {RT: ("A", "ĐỀ TÀI"), SC: ("B", "ĐỀ ÁN")})
    add(
        case(
            "doc_office_group_rows_hocham",
            "doc",
            [1, 2, 3],
            "Word 97: group rows 'A. ĐỀ TÀI', 'B. ĐỀ ÁN'; 'Chủ nhiệm nhiệm vụ' over 'Họ và tên' and 'Học hàm, học vị'",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH TIẾP TỤC THỰC HIỆN NĂM 2024",
                "(Kèm theo Quyết định số 205/QĐ-UBND ngày 06/02/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_name("Họ và tên", top="Chủ nhiệm nhiệm vụ"),
                c_pi_title("Học hàm, học vị", top="Chủ nhiệm nhiệm vụ"),
                c_period(),
                c_million("Kinh phí (triệu đồng)"),
            ],
            body,
            [],
            PROVINCIAL,
            ("205/QĐ-UBND", "2024-02-06"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(403, [RT, RT, RT, TP, TP], 2019, grades=True)
    add(
        case(
            "doc_office_acceptance_vmerge_kind",
            "doc",
            [1, 2],
            "Word 97 acceptance list: 'Kèm theo Quyết định … về việc công nhận kết quả …' without parentheses; "
            "'Loại hình' merged down",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ ĐÁNH GIÁ NGHIỆM THU NĂM 2021",
                "Kèm theo Quyết định số 1488/QĐ-UBND ngày 20 tháng 12 năm 2021 của Ủy ban nhân dân tỉnh "
                "Bắc Kạn về việc công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ",
            ),
            [
                c_kind("Loại hình", {RT: "Đề tài", TP: "Dự án SXTN"}, merge_same=True),
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_full(),
                c_grade(),
            ],
            ts,
            [],
            PROVINCIAL,
            ("1488/QĐ-UBND", "2021-12-20"),
            True,
        )
    )
    return cases + build_more_cases() + build_pdf_cases() + build_batch2()


def c_row_decision(h="Quyết định công nhận kết quả"):
    return Col(
        h,
        lambda t: f"{t.dec} ngày {t.dec_date.day:02d}/{t.dec_date.month:02d}/{t.dec_date.year}",
        ("decision_no", "decision_date"),
        width=1.5,
    )


TITLE_AS_WRITTEN = {"PGS.TS.": "PGS. TS.", "ThS.": "Th.S", "TS.": "TS", "ThS.BS.": "ThS. BS."}


def build_more_cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append

    ts = make_tasks(601, [RT, RT, RT, RT, TP, TP, ST], 2021, grades=True)
    batches = [("1856/QĐ-UBND", dt.date(2023, 10, 12))] * 4 + [("2013/QĐ-UBND", dt.date(2023, 11, 3))] * 3
    for t, (no, d) in zip(ts, batches):
        t.dec, t.dec_date = no, d
        t.pi_title = TITLE_AS_WRITTEN.get(t.pi_title, t.pi_title)
    add(
        case(
            "xlsx_office_row_decisions_report_block",
            "xlsx",
            [1, 3],
            "acceptance summary attached to a report ('Kèm theo Báo cáo số …/BC-SKHCN', not a decision): each "
            "row names its own acceptance decision; titles written 'PGS. TS.', 'Th.S', 'TS' in the PI cell",
            header_block("UBND TỈNH BẮC KẠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
            + [Para("")]
            + title_lines(
                "TỔNG HỢP NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ ĐÁNH GIÁ, NGHIỆM THU NĂM 2023",
                "(Kèm theo Báo cáo số 215/BC-SKHCN ngày 25/12/2023 của Sở Khoa học và Công nghệ)",
            ),
            [
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_full("Chủ nhiệm nhiệm vụ"),
                c_period("Thời gian thực hiện", sep="-"),
                c_million("Kinh phí NSNN (triệu đồng)", "state", numeric=True),
                c_grade("Kết quả đánh giá"),
                c_row_decision(),
            ],
            ts,
            [Para(""), Para("Người lập biểu", right="GIÁM ĐỐC")],
            PROVINCIAL,
            None,
            False,
            numbered=True,
        )
    )

    ts = make_tasks(602, [RT, TP, RT, SC, RT, TP], 2024)
    counts: dict[str, list[int]] = {}
    for t in ts:
        counts.setdefault(t.kind, [0, 0])
        counts[t.kind][0] += 1
        counts[t.kind][1] += t.budget
    label = {RT: "Đề tài", TP: "Dự án sản xuất thử nghiệm", SC: "Đề án"}
    summ = [[C(h, bold=True) for h in ("TT", "Loại hình nhiệm vụ", "Số lượng", "Tổng kinh phí (triệu đồng)")]]
    summ += [[i, label[k], n, b / 1e6] for i, (k, (n, b)) in enumerate(counts.items(), 1)]
    summ.append([None, C("Cộng", bold=True), len(ts), sum(t.budget for t in ts) / 1e6])
    first = [
        Sheet("Tong hop"),
        Para("TỔNG HỢP NHIỆM VỤ KH&CN CẤP TỈNH THỰC HIỆN NĂM 2024 THEO LOẠI HÌNH", True),
        Table(summ, widths=[0.45, 2.5, 1.0, 1.5]),
        Sheet("Danh muc"),
    ]
    add(
        case(
            "xlsx_office_two_sheets_summary_first",
            "xlsx",
            [1, 2, 7],
            "two worksheets: a summary by kind first (must yield nothing), then the list with a 'Loại hình "
            "nhiệm vụ' column and its decision in the title block",
            first
            + title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN NĂM 2024",
                "(Kèm theo Quyết định số 1311/QĐ-UBND ngày 19/7/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_kind("Loại hình nhiệm vụ", label),
                c_host(),
                c_pi_full(),
                c_period(),
                c_million("Tổng kinh phí (triệu đồng)", numeric=True),
                c_million("Kinh phí từ NSNN (triệu đồng)", "state", numeric=True),
            ],
            ts,
            [],
            PROVINCIAL,
            ("1311/QĐ-UBND", "2024-07-19"),
            True,
        )
    )

    ts = make_tasks(603, [RT, RT, TP, RT], 2024)
    decision = (
        header_block("ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN")
        + [
            Para("Số: 1102/QĐ-UBND", right="Bắc Kạn, ngày 05 tháng 7 năm 2023"),
            Para("QUYẾT ĐỊNH", True, True),
            Para(
                "Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2024", True, True
            ),
            Para("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", True, True),
        ]
        + grounds(
            LAW,
            ST_LAW,
            "Căn cứ Thông tư số 03/2017/TT-BKHCN ngày 03 tháng 4 năm 2017 của Bộ trưởng Bộ Khoa học và Công nghệ "
            "sửa đổi, bổ sung một số điều của Thông tư số 07/2014/TT-BKHCN;",
            "Căn cứ Quyết định số 35/2021/QĐ-UBND ngày 20 tháng 10 năm 2021 của UBND tỉnh ban hành Quy định quản lý "
            "nhiệm vụ khoa học và công nghệ;",
            "Căn cứ Quyết định số 640/QĐ-UBND ngày 12 tháng 4 năm 2023 của UBND tỉnh về việc thành lập Hội đồng tư "
            "vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh;",
            "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 98/TTr-SKHCN ngày 28 tháng 6 năm 2023.",
        )
        + [Para("QUYẾT ĐỊNH:", True, True)]
        + grounds(
            "Điều 1. Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2024 "
            "(Phụ lục kèm theo).",
            "Điều 2. Sở Khoa học và Công nghệ thông báo tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì theo quy "
            "định.",
            "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Khoa học và Công nghệ và Thủ trưởng các cơ quan, đơn vị có "
            "liên quan chịu trách nhiệm thi hành Quyết định này./.",
        )
        + [
            Para("KT. CHỦ TỊCH", True, True),
            Para("PHÓ CHỦ TỊCH", True, True),
            Para("Đỗ Thị Minh Hoa", True, True),
            Break(),
        ]
    )
    goals = [
        "Đánh giá được thực trạng và đề xuất giải pháp có tính khả thi",
        "Làm chủ được quy trình công nghệ và sản xuất được sản phẩm đạt tiêu chuẩn",
    ]
    add(
        case(
            "docx_office_decision_then_ordering_annex",
            "docx",
            [1, 2],
            "Word decision (header block with 'Số: 1102/QĐ-UBND', grounds citing three other decisions) "
            "approving an ordering list; the annex on the next page repeats no number; 'Loại nhiệm vụ' column",
            decision
            + title_lines(
                "PHỤ LỤC", "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG THỰC HIỆN TỪ NĂM 2024", ""
            ),
            [
                c_title(),
                c_kind("Loại nhiệm vụ", {RT: "Đề tài", TP: "Dự án SXTN"}),
                c_const("Mục tiêu", lambda t: goals[t.kind == TP], 2.5),
                c_const("Dự kiến sản phẩm", lambda t: "Báo cáo khoa học tổng hợp; quy trình kỹ thuật", 2.0),
                c_const("Phương thức thực hiện", method, 1.1),
            ],
            ts,
            [],
            PROVINCIAL,
            ("1102/QĐ-UBND", "2023-07-05"),
            True,
        )
    )

    words = [
        ("Đề án xây dựng cơ sở dữ liệu khoa học và công nghệ tỉnh Bắc Kạn", SC),
        ("Dự án sản xuất thử nghiệm nấm Đông trùng hạ thảo trên giá thể nhộng tằm", TP),
        ("Dự án hỗ trợ phát triển sản phẩm miến dong theo chuỗi liên kết", None),
        ("Đề tài đánh giá hiệu quả các mô hình giảm nghèo bền vững vùng đồng bào dân tộc thiểu số", RT),
    ]
    ts = fix_years(make_tasks(604, [k for _, k in words], 2022, titles=[w for w, _ in words]))
    add(
        case(
            "doc_office_kind_in_title_years",
            "doc",
            [1, 2],
            "Word 97 list where only each title's opening words give the kind (one bare 'Dự án …'); "
            "year-only periods; 'Phụ lục số 02 … kèm theo' line",
            title_lines(
                "Phụ lục số 02",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC ĐIỀU CHỈNH THỜI GIAN THỰC HIỆN",
                "(Kèm theo Quyết định số 932/QĐ-UBND ngày 30 tháng 5 năm 2023 của Ủy ban nhân dân tỉnh)",
            ),
            [
                c_title(),
                c_host("Tổ chức chủ trì"),
                c_pi_full("Chủ nhiệm"),
                c_years("Thời gian thực hiện sau điều chỉnh"),
            ],
            ts,
            [],
            PROVINCIAL,
            ("932/QĐ-UBND", "2023-05-30"),
            True,
            date_prec="year",
            stt="TT",
        )
    )

    ts = make_tasks(605, [RT, RT, RT, TP, TP], 2025)
    body = [
        Group("A", "CÁC ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ"),
        Group("I", "Lĩnh vực nông nghiệp", spanned=False),
        ts[0],
        ts[1],
        Group("II", "Lĩnh vực y dược", spanned=False),
        ts[2],
        Group("B", "CÁC DỰ ÁN SẢN XUẤT THỬ NGHIỆM"),
        Group("I", "Lĩnh vực nông nghiệp", spanned=False),
        ts[3],
        ts[4],
    ]
    add(
        case(
            "xlsx_office_nested_groups_unit_line",
            "xlsx",
            [1, 2, 8],
            "kind groups 'A. CÁC ĐỀ TÀI …', 'B. CÁC DỰ ÁN SẢN XUẤT THỬ NGHIỆM' with field sub-groups under each "
            "(the field rows must not replace the kind); the money unit only in a 'Đơn vị tính: triệu đồng' line "
            "above headers that name no unit",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH BẮT ĐẦU THỰC HIỆN NĂM 2025",
                "(Kèm theo Quyết định số 2450/QĐ-UBND ngày 12/12/2024 của UBND tỉnh Bắc Kạn)",
            )
            + [Para("", right="Đơn vị tính: triệu đồng")],
            [
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_full("Chủ nhiệm"),
                c_period(),
                c_million("Tổng kinh phí", numeric=True),
                c_million("Trong đó: NSNN", "state", numeric=True),
            ],
            body,
            [],
            PROVINCIAL,
            ("2450/QĐ-UBND", "2024-12-12"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(606, [RT, RT, TP, RT, TP, RT], 2021)

    def note(t: T) -> str:
        return f"Gia hạn đến {mm(t.end.replace(year=t.end.year + 1))}" if len(t.title) % 4 == 0 else ""

    add(
        case(
            "xlsx_office_messy_linebreaks_text_money_total",
            "xlsx",
            [1, 2, 8],
            "typed by hand: line breaks inside titles and headers, money as text '1.250,5', a 'Tổng cộng' row, "
            "a notes column with extension dates, a blank row before the header, a signature block below",
            [Para("UBND TỈNH BẮC KẠN", True), Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ", True), Para("")]
            + title_lines(
                "DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH CHUYỂN TIẾP SANG NĂM 2023",
                "(Kèm theo Quyết định số 2198/QĐ-UBND ngày 27 tháng 12 năm 2022 của UBND tỉnh)",
            )
            + [Para("")],
            [
                c_title("Tên nhiệm vụ\n(đề tài, dự án)", wrap=True),
                c_kind("Hình thức", {RT: "Đề tài", TP: "Dự án SXTN"}),
                c_host("Tổ chức\nchủ trì"),
                c_pi_full("Chủ nhiệm\nnhiệm vụ"),
                c_period("Thời gian\nthực hiện"),
                c_million("Tổng kinh phí\n(triệu đồng)"),
                c_million("Trong đó\nNSNN\n(triệu đồng)", "state"),
                c_const("Ghi chú", note, 1.2),
            ],
            ts,
            [
                Para(""),
                Para("NGƯỜI LẬP BIỂU", True, right="GIÁM ĐỐC"),
                Para(""),
                Para(""),
                Para("Nông Thị Huyền", True, right="Hà Văn Thành"),
            ],
            PROVINCIAL,
            ("2198/QĐ-UBND", "2022-12-27"),
            True,
            stt="TT",
            total="Tổng cộng",
        )
    )

    ts = make_tasks(607, [RT, RT, RT, RT, RT], 2020, grades=True)
    cols = [
        c_title(wrap=True),
        c_host("Cơ quan chủ trì"),
        Col(
            "Chủ nhiệm nhiệm vụ",
            lambda t: f"{t.pi_title}\n{t.pi}" if t.pi_title else t.pi,
            ("principal_investigator", "pi_title"),
            width=1.6,
        ),
        c_period(),
        c_million("Kinh phí\n(triệu đồng)"),
        c_grade("Kết quả\nnghiệm thu", upper=True),
        c_const("Ghi chú", lambda t: "Đã nộp kết quả, đăng ký lưu giữ" if t.grade != "pass" else "", 1.3),
    ]
    add(
        case(
            "docx_office_messy_linebreaks_total",
            "docx",
            [1, 3, 8],
            "DOCX typed by hand: line breaks in titles, the PI's title on its own line in the PI cell, grades in "
            "capitals, a 'Cộng: 05 nhiệm vụ' total row; the list says đề tài in its name",
            title_lines(
                "DANH MỤC ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ NGHIỆM THU NĂM 2022",
                "(Ban hành kèm theo Quyết định số 127/QĐ-UBND ngày 30/01/2023 của Ủy ban nhân dân tỉnh Bắc Kạn)",
            ),
            cols,
            ts,
            [],
            PROVINCIAL,
            ("127/QĐ-UBND", "2023-01-30"),
            True,
            stt="TT",
            total=f"Cộng: {len(ts):02d} nhiệm vụ",
        )
    )

    ts = make_tasks(608, [RT, RT, RT, RT], 2022)
    add(
        case(
            "xls_office_text_money_total",
            "xls",
            [1, 8],
            "XLS typed as text: budgets '1.250,5' in a 'Kinh phí (tr.đồng)' column, periods '01/2022-12/2023', "
            "line breaks in titles, a 'Tổng số' total row; approval decision in a 'Phụ lục … kèm theo' line",
            title_lines(
                "Phụ lục 01: DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH NĂM 2022",
                "kèm theo Quyết định số 276/QĐ-UBND ngày 21/02/2022 của UBND tỉnh Bắc Kạn",
            ),
            [
                c_title("Tên nhiệm vụ KH&CN", wrap=True),
                c_host("Đơn vị chủ trì"),
                c_pi_full("Chủ nhiệm"),
                c_period("Thời gian thực hiện", sep="-"),
                c_million("Kinh phí (tr.đồng)"),
            ],
            ts,
            [],
            PROVINCIAL,
            ("276/QĐ-UBND", "2022-02-21"),
            False,
            stt="TT",
            total="Tổng số",
        )
    )
    return cases


def grounds(*lines: str) -> list[Para]:
    return [Para(x) for x in lines]


def signature(place_left: list[str], right: list[str]) -> list[Para]:
    n = max(len(place_left), len(right))
    pl, rt = place_left + [""] * (n - len(place_left)), right + [""] * (n - len(right))
    return [Para(a, right=b) for a, b in zip(pl, rt)]


LAW = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
    "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
)
ST_LAW = "Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;"


def build_pdf_cases() -> list[Case]:
    cases: list[Case] = []
    add = cases.append

    ts = make_tasks(501, [RT, RT, RT, RT, TP, TP], 2022)
    body = grouped(ts, {RT: ("I", "ĐỀ TÀI"), TP: ("II", "DỰ ÁN SẢN XUẤT THỬ NGHIỆM")})
    decision_page = (
        header_block("ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN")
        + [
            Para("Số: 612/QĐ-UBND", right="Bắc Kạn, ngày 08 tháng 4 năm 2022"),
            Para(""),
            Para("QUYẾT ĐỊNH", True, True),
            Para(
                "Về việc phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2022", True, True
            ),
            Para("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", True, True),
        ]
        + grounds(
            LAW,
            ST_LAW,
            "Căn cứ Quyết định số 35/2021/QĐ-UBND ngày 20 tháng 10 năm 2021 của Ủy ban nhân dân tỉnh ban hành Quy "
            "định quản lý nhiệm vụ khoa học và công nghệ có sử dụng ngân sách nhà nước trên địa bàn tỉnh Bắc Kạn;",
            "Căn cứ Quyết định số 2051/QĐ-UBND ngày 15 tháng 11 năm 2021 của Ủy ban nhân dân tỉnh về việc phê duyệt "
            "danh mục đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2022;",
            "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 45/TTr-SKHCN ngày 25 tháng 3 năm 2022.",
        )
        + [Para("QUYẾT ĐỊNH:", True, True)]
        + grounds(
            "Điều 1. Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2022 (chi tiết tại "
            "Phụ lục kèm theo).",
            "Điều 2. Giao Sở Khoa học và Công nghệ thông báo, hướng dẫn các tổ chức chủ trì và chủ nhiệm nhiệm vụ "
            "triển khai thực hiện theo quy định.",
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Khoa học và Công nghệ, Tài chính; Thủ "
            "trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        )
        + signature(
            ["Nơi nhận:", "- Như Điều 3;", "- CT, PCT UBND tỉnh;", "- Lưu: VT, KGVX."],
            ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lâm Văn Hòa"],
        )
        + [Break()]
    )
    add(
        case(
            "pdf_decision_page_then_annex",
            "pdf",
            [1, 2],
            "PDF: decision page 'Số: 612/QĐ-UBND … ngày 08 tháng 4 năm 2022' with 'Căn cứ Quyết định …' "
            "grounds, then an annex that does not repeat the number; group rows I/II give the kind",
            decision_page
            + title_lines("PHỤ LỤC", "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN TỪ NĂM 2022", ""),
            [
                c_title(),
                c_host(),
                c_pi_full(),
                c_period(),
                c_million("Tổng số", top="Kinh phí (triệu đồng)"),
                c_million("NSNN", "state", top="Kinh phí (triệu đồng)"),
                c_const("Phương thức thực hiện", method, 1.1),
            ],
            body,
            [],
            PROVINCIAL,
            ("612/QĐ-UBND", "2022-04-08"),
            True,
            stt="TT",
        )
    )

    words = [
        ("Dự án sản xuất thử nghiệm phân bón hữu cơ vi sinh từ bã thải sắn tại huyện Sa Thầy", TP),
        ("Đề án bảo tồn và phát huy giá trị nhà rông văn hóa các dân tộc tại chỗ", SC),
        ("Dự án phát triển vùng nguyên liệu cà phê chất lượng cao tại huyện Đăk Hà", None),
        ("Đề tài nghiên cứu giải pháp bảo tồn tiếng nói, chữ viết của dân tộc Xơ Đăng", RT),
        ("Dự án ứng dụng, chuyển giao công nghệ nhân giống cây Sâm Ngọc Linh bằng nuôi cấy mô", ST),
    ]
    ts = make_tasks(502, [k for _, k in words], 2020, grades=True, titles=[w for w, _ in words])
    decision_page = (
        [
            Para("ỦY BAN NHÂN DÂN TỈNH KON TUM", True, True),
            Para(""),
            Para("QUYẾT ĐỊNH số 1045/QĐ-UBND ngày 20/11/2023", True, True),
            Para("Về việc công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh", True, True),
            Para("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM", True, True),
        ]
        + grounds(
            LAW,
            ST_LAW,
            "Căn cứ Quyết định số 1856/QĐ-UBND ngày 12/10/2021 của Ủy ban nhân dân tỉnh về việc phê duyệt danh mục "
            "nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2022;",
            "Căn cứ Thông báo số 112/TB-SKHCN ngày 02/11/2023 của Sở Khoa học và Công nghệ về kết quả họp Hội đồng "
            "đánh giá, nghiệm thu;",
            "Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 301/TTr-SKHCN ngày 10/11/2023.",
        )
        + [Para("QUYẾT ĐỊNH:", True, True)]
        + grounds(
            "Điều 1. Công nhận kết quả thực hiện 05 nhiệm vụ khoa học và công nghệ cấp tỉnh (có danh mục kèm theo).",
            "Điều 2. Các tổ chức chủ trì có trách nhiệm nộp, đăng ký và lưu giữ kết quả thực hiện nhiệm vụ theo quy "
            "định; chuyển giao kết quả cho đơn vị ứng dụng.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        )
        + signature(["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, KGVX."], ["CHỦ TỊCH", "", "Y Văn Hưng"])
        + [Break()]
    )
    add(
        case(
            "pdf_decision_heading_acceptance",
            "pdf",
            [1, 2],
            "PDF: 'QUYẾT ĐỊNH số 1045/QĐ-UBND ngày 20/11/2023' heading on the decision page (grounds cite an "
            "older decision and a Thông báo); annex list without a number; kind only in the titles' opening "
            "words (one bare 'Dự án …')",
            decision_page + title_lines("DANH MỤC NHIỆM VỤ ĐƯỢC CÔNG NHẬN KẾT QUẢ", ""),
            [
                c_title(),
                c_host("Cơ quan chủ trì"),
                c_pi_full("Chủ nhiệm"),
                c_million("Kinh phí NSNN (triệu đồng)", "state"),
                c_grade(),
            ],
            ts,
            [],
            PROVINCIAL,
            ("1045/QĐ-UBND", "2023-11-20"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(503, [RT] * 20, 2020, grades=True)
    for i, t in enumerate(ts, 1):
        t.code = f"ĐT.{i:02d}-2020"
    add(
        case(
            "pdf_table_continues_next_page",
            "pdf",
            [1, 3, 7],
            "PDF acceptance list of đề tài, one table flowing over two pages; page 2 continues it without "
            "repeating its header; 'Học hàm, học vị' column; codes",
            title_lines(
                "DANH MỤC ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ NGHIỆM THU NĂM 2023",
                "(Kèm theo Quyết định số 2290/QĐ-UBND ngày 26/12/2023 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_code(),
                c_title("Tên đề tài"),
                c_host("Cơ quan chủ trì"),
                c_pi_name("Chủ nhiệm đề tài"),
                c_pi_title("Học hàm, học vị"),
                c_period(),
                c_million("Kinh phí (triệu đồng)"),
                c_grade(),
            ],
            ts,
            [],
            PROVINCIAL,
            ("2290/QĐ-UBND", "2023-12-26"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(504, [RT, RT, RT, RT, RT, ST, ST, ST, SC, SC], 2025)
    body = grouped(ts, {RT: ("A", "ĐỀ TÀI"), ST: ("B", "DỰ ÁN KH&CN"), SC: ("C", "ĐỀ ÁN")})
    notice = [
        Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ", True, right=MOTTO[0]),
        Para("", right=MOTTO[1]),
        Para("Số: 45/TB-SKHCN", right="Thái Nguyên, ngày 15 tháng 10 năm 2024"),
        Para(""),
        Para("THÔNG BÁO", True, True),
        Para("Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2025", True, True),
        Para(
            "Ngày 05 tháng 10 năm 2024, Ủy ban nhân dân tỉnh ban hành Quyết định số 1620/QĐ-UBND phê "
            "duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2025. Sở Khoa học "
            "và Công nghệ thông báo danh mục như sau:"
        ),
    ]
    add(
        case(
            "pdf_notice_groups_continue",
            "pdf",
            [1, 2, 7],
            "PDF announcement 'Số: 45/TB-SKHCN' quoting the list's decision in its lead sentence; group rows "
            "A/B/C; the table runs onto page 2 without its header, mid-group",
            notice,
            [
                c_title(),
                c_host("Đơn vị chủ trì"),
                c_pi_full("Chủ nhiệm"),
                c_period(),
                c_million("Kinh phí dự kiến (triệu đồng)"),
            ],
            body,
            [
                Para(
                    "Tổ chức, cá nhân quan tâm liên hệ Phòng Quản lý khoa học, Sở Khoa học và Công nghệ để "
                    "được hướng dẫn."
                )
            ],
            PROVINCIAL,
            ("1620/QĐ-UBND", "2024-10-05"),
            True,
            stt="TT",
            split_at=1 + 1 + 5 + 1 + 1,
        )
    )

    ts = make_tasks(505, [RT, TP, RT, RT, TP], 2024)
    fields_ = ["Nông nghiệp", "Y dược", "Nông nghiệp", "Khoa học xã hội và nhân văn", "Nông nghiệp"]
    summary = {}
    for f, t in zip(fields_, ts):
        n, b = summary.get(f, (0, 0))
        summary[f] = (n + 1, b + t.budget)
    summ = [[C(h, bold=True) for h in ("TT", "Lĩnh vực", "Số nhiệm vụ", "Kinh phí (triệu đồng)")]]
    summ += [[i, f, n, million(b)] for i, (f, (n, b)) in enumerate(summary.items(), 1)]
    summ.append(["", C("Tổng cộng", bold=True), len(ts), million(sum(t.budget for t in ts))])
    add(
        case(
            "pdf_second_table_summary",
            "pdf",
            [1, 2, 7],
            "PDF list with a 'Loại hình' kind column, then a summary-by-field table on the same page that "
            "must yield nothing",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH MỞ MỚI NĂM 2024",
                "(Kèm theo Quyết định số 512/QĐ-UBND ngày 29/3/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title(),
                c_kind("Loại hình", {RT: "Đề tài", TP: "Dự án SXTN"}),
                c_host(),
                c_pi_full(),
                c_period(),
                c_million("Kinh phí (triệu đồng)"),
            ],
            ts,
            [Para("TỔNG HỢP THEO LĨNH VỰC", True), Table(summ, widths=[0.45, 2.5, 1.0, 1.5])],
            PROVINCIAL,
            ("512/QĐ-UBND", "2024-03-29"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(506, [RT] * 6 + [TP] * 2 + [RT] * 4 + [ST] * 3 + [TP] * 3, 2021, grades=True)
    add(
        case(
            "pdf_header_repeated_each_page",
            "pdf",
            [2, 3, 7],
            "PDF acceptance list of 18 tasks flowing over two pages with its two header rows repeated on page 2 "
            "(not a task); kind column 'Hình thức'; 'Học vị' beside 'Họ và tên chủ nhiệm'",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐÃ ĐÁNH GIÁ, NGHIỆM THU NĂM 2024",
                "(Kèm theo Quyết định số 1733/QĐ-UBND ngày 09/9/2024 của UBND tỉnh Thái Nguyên)",
            ),
            [
                c_title(),
                c_kind("Hình thức", {RT: "Đề tài", TP: "Dự án SXTN", ST: "Dự án KH&CN"}),
                c_host("Cơ quan chủ trì"),
                c_pi_name("Họ và tên chủ nhiệm", top="Chủ nhiệm"),
                c_pi_title("Học vị", top="Chủ nhiệm"),
                c_period(),
                c_million("Kinh phí NSNN (triệu đồng)", "state"),
                c_grade(),
            ],
            ts,
            [],
            PROVINCIAL,
            ("1733/QĐ-UBND", "2024-09-09"),
            True,
            stt="TT",
            repeat_header=True,
        )
    )
    return cases


def build_batch2() -> list[Case]:
    """A second wording of each class, written after the first batch was scored (a held-out check)."""
    cases: list[Case] = []
    add = cases.append

    ts = make_tasks(701, [RT, RT, TP, RT, TP, RT, RT], 2022)
    for i, t in enumerate(ts):
        t.dec, t.dec_date = ("2011/QĐ-UBND", dt.date(2021, 11, 15)) if i < 3 else ("1650/QĐ-UBND", dt.date(2022, 9, 20))
    add(
        case(
            "xlsx_office_portal_snake_headers",
            "xlsx",
            [1, 2, 3, 4, 8],
            "open-data portal export: snake_case ASCII headers, no title block, level and each row's own "
            "decision in columns (number, and a date cell), month cells formatted 'mm\\/yyyy;@', money in đồng",
            [Sheet("du_lieu")],
            [
                Col("ten_nhiem_vu", lambda t: t.title, (), width=4.0),
                c_kind("loai_hinh", {RT: "Đề tài", TP: "Dự án SXTN"}),
                Col("cap_quan_ly", lambda t: "Cấp tỉnh", ()),
                c_host("co_quan_chu_tri"),
                c_pi_name("chu_nhiem"),
                c_pi_title("hoc_ham_hoc_vi"),
                c_date("thoi_gian_bat_dau", "start", "mm\\/yyyy;@"),
                c_date("thoi_gian_ket_thuc", "end", "mm\\/yyyy;@"),
                c_dong("tong_kinh_phi", numeric=True),
                c_dong("kinh_phi_nsnn", "state", numeric=True),
                Col("so_quyet_dinh", lambda t: t.dec, ("decision_no",)),
                Col("ngay_quyet_dinh", lambda t: C(t.dec_date, "dd/mm/yyyy"), ("decision_date",)),
            ],
            ts,
            [],
            PROVINCIAL,
            None,
            True,
            stt="stt",
        )
    )

    ts = make_tasks(702, [RT, RT, RT, RT, ST, ST], 2020, grades=True)
    body = (
        [Group("I", "CÁC ĐỀ TÀI", text="PHẦN I: CÁC ĐỀ TÀI")]
        + ts[:4]
        + [Group("II", "CÁC DỰ ÁN KH&CN", text="PHẦN II: CÁC DỰ ÁN KH&CN")]
        + ts[4:]
    )
    add(
        case(
            "xls_office_escaped_formats_hocham_slash",
            "xls",
            [1, 2, 3, 4],
            "XLS: '(Kèm theo Quyết định số: 1520/QĐ-UBND, ngày 14/8/2023 …)'; group rows 'PHẦN I: CÁC ĐỀ TÀI', "
            "'PHẦN II: CÁC DỰ ÁN KH&CN'; 'Học hàm/học vị'; month cells formatted 'mm/yyyy;@'",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC CÔNG NHẬN KẾT QUẢ NĂM 2023",
                "(Kèm theo Quyết định số: 1520/QĐ-UBND, ngày 14/8/2023 của UBND tỉnh Thái Nguyên)",
            ),
            [
                c_title(),
                c_host(),
                c_pi_name("Họ và tên chủ nhiệm"),
                c_pi_title("Học hàm/học vị"),
                c_date("Bắt đầu", "start", "mm/yyyy;@", top="Thời gian"),
                c_date("Kết thúc", "end", "mm/yyyy;@", top="Thời gian"),
                c_million("Kinh phí (triệu đồng)", numeric=True),
                c_grade("Đánh giá"),
            ],
            body,
            [],
            PROVINCIAL,
            ("1520/QĐ-UBND", "2023-08-14"),
            True,
            stt="TT",
        )
    )

    ts = make_tasks(703, [RT, RT, RT, ST, ST], 2024, day_dates=True)
    add(
        case(
            "xlsx_office_day_formats_grassroots",
            "xlsx",
            [1, 2, 4],
            "grassroots list of a Sở decision ('ngày 05 tháng 6 năm 2024'); 'Loại hình nhiệm vụ' merged down "
            "('Đề tài KH&CN', 'Dự án KH&CN'); day cells formatted 'dd/mm/yyyy;@' and 'd/m/yyyy'",
            [Para("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH BẮC KẠN", True)]
            + title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP CƠ SỞ KÝ HỢP ĐỒNG NĂM 2024",
                "(Kèm theo Quyết định số 112/QĐ-SKHCN ngày 05 tháng 6 năm 2024 của Giám đốc Sở Khoa học và Công nghệ)",
            ),
            [
                c_kind("Loại hình nhiệm vụ", {RT: "Đề tài KH&CN", ST: "Dự án KH&CN"}, merge_same=True),
                c_title(),
                c_host("Đơn vị thực hiện"),
                c_pi_full("Chủ nhiệm"),
                c_date("Từ ngày", "start", "dd/mm/yyyy;@", top="Thời gian thực hiện"),
                c_date("Đến ngày", "end", "d/m/yyyy", top="Thời gian thực hiện"),
                c_million("Kinh phí từ NSNN (triệu đồng)", "state", numeric=True),
            ],
            ts,
            [],
            "grassroots",
            ("112/QĐ-SKHCN", "2024-06-05"),
            True,
            date_prec="day",
            stt="TT",
        )
    )

    ts = make_tasks(704, [RT] * 4, 2021, grades=True)
    council = [
        [C(h, bold=True) for h in ("TT", "Họ và tên", "Học hàm, học vị", "Đơn vị công tác", "Chức danh trong Hội đồng")]
    ]
    for i, row in enumerate(
        [
            ("Nguyễn Hữu Thọ", "PGS.TS.", "Trường Đại học Nông Lâm - Đại học Thái Nguyên", "Chủ tịch"),
            ("Lê Thị Kim Oanh", "TS.", "Viện Khoa học Kỹ thuật Nông lâm nghiệp miền núi phía Bắc", "Phó Chủ tịch"),
            ("Hoàng Minh Đức", "ThS.", "Sở Nông nghiệp và Phát triển nông thôn", "Ủy viên phản biện"),
            ("Đặng Thị Hồng", "TS.", "Trường Đại học Khoa học - Đại học Thái Nguyên", "Ủy viên phản biện"),
            ("Trần Quốc Việt", "ThS.", "Sở Khoa học và Công nghệ", "Thư ký khoa học"),
        ],
        1,
    ):
        council.append([i, *row])
    add(
        case(
            "docx_office_council_members_below",
            "docx",
            [1, 7],
            "DOCX acceptance list ('Kèm theo Quyết định công nhận kết quả số …'), then the evaluation council's "
            "members (names, 'Học hàm, học vị', workplaces): a people table that must yield nothing",
            title_lines(
                "DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH ĐƯỢC CÔNG NHẬN KẾT QUẢ ĐỢT 1 NĂM 2024",
                "(Kèm theo Quyết định công nhận kết quả số 1190/QĐ-UBND ngày 10/6/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [c_title(), c_host(), c_pi_full(), c_period(), c_grade()],
            ts,
            [
                Para(""),
                Para("DANH SÁCH THÀNH VIÊN HỘI ĐỒNG TƯ VẤN ĐÁNH GIÁ, NGHIỆM THU", True, True),
                Table(council, widths=[0.45, 1.6, 1.0, 3.0, 1.5]),
            ],
            PROVINCIAL,
            ("1190/QĐ-UBND", "2024-06-10"),
            False,
            stt="TT",
        )
    )

    ts = make_tasks(705, [RT] * 20 + [TP] * 6, 2024)
    body = grouped(ts, {RT: ("I", "CÁC ĐỀ TÀI KHOA HỌC"), TP: ("II", "CÁC DỰ ÁN SẢN XUẤT THỬ NGHIỆM")})
    decision_page = (
        header_block("ỦY BAN NHÂN DÂN", "TỈNH KON TUM")
        + [
            Para("Số:    845 /QĐ-UBND", right="Kon Tum, ngày 16 tháng 5 năm 2024"),
            Para(""),
            Para("QUYẾT ĐỊNH", True, True),
            Para(
                "Về việc phê duyệt danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh thực hiện từ năm 2024",
                True,
                True,
            ),
            Para("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM", True, True),
        ]
        + grounds(
            LAW,
            ST_LAW,
            "Căn cứ Quyết định số 2139/QĐ-UBND ngày 30/12/2023 của Ủy ban nhân dân tỉnh về việc giao dự toán ngân "
            "sách nhà nước năm 2024;",
            "Căn cứ kết luận của các Hội đồng tư vấn tuyển chọn, giao trực tiếp tại Thông báo số 58/TB-SKHCN ngày "
            "02/4/2024 của Sở Khoa học và Công nghệ;",
            "Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 77/TTr-SKHCN ngày 09/5/2024.",
        )
        + [Para("QUYẾT ĐỊNH:", True, True)]
        + grounds(
            "Điều 1. Phê duyệt danh mục 26 đề tài, dự án khoa học và công nghệ cấp tỉnh thực hiện từ năm 2024 (chi "
            "tiết theo Phụ lục đính kèm).",
            "Điều 2. Giao Sở Khoa học và Công nghệ ký hợp đồng thực hiện với các tổ chức chủ trì theo quy định.",
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        )
        + signature(["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, KGVX."], ["CHỦ TỊCH", "", "Y Văn Hưng"])
        + [Break()]
    )
    add(
        case(
            "pdf_decision_spaced_number_long_annex",
            "pdf",
            [1, 2, 7],
            "PDF decision page with the number typed into the form ('Số:    845 /QĐ-UBND'), grounds citing a "
            "budget decision and a Thông báo; a 26-row annex over two pages, no header on the second, no number",
            decision_page
            + title_lines("PHỤ LỤC", "DANH MỤC ĐỀ TÀI, DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN TỪ NĂM 2024", ""),
            [c_title(), c_host(), c_pi_full(), c_period(), c_million("Kinh phí NSNN (triệu đồng)", "state")],
            body,
            [],
            PROVINCIAL,
            ("845/QĐ-UBND", "2024-05-16"),
            True,
            stt="TT",
        )
    )

    ts = fix_years(make_tasks(706, [RT, RT, RT, TP, TP, SC], 2026))
    body = grouped(ts, {RT: ("", ""), TP: ("", ""), SC: ("", "")})
    for g, text in zip(
        [x for x in body if isinstance(x, Group)], ("Các đề tài", "Các dự án sản xuất thử nghiệm", "Các đề án khoa học")
    ):
        g.text = text
    add(
        case(
            "doc_office_ordering_unnumbered_groups",
            "doc",
            [1, 2],
            "Word 97 ordering list: group rows without numbers ('Các đề tài', 'Các dự án sản xuất thử nghiệm', "
            "'Các đề án khoa học'); planned periods in years",
            title_lines(
                "Phụ lục",
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐẶT HÀNG NĂM 2026",
                "(Kèm theo Quyết định số 1833/QĐ-UBND ngày 28/10/2025 của UBND tỉnh Thái Nguyên)",
            ),
            [
                c_title(),
                c_const("Mục tiêu", lambda t: "Đáp ứng yêu cầu thực tiễn sản xuất và đời sống của tỉnh", 2.2),
                c_const("Sản phẩm dự kiến", lambda t: "Báo cáo tổng hợp; quy trình; mô hình trình diễn", 2.0),
                c_years("Thời gian thực hiện dự kiến"),
            ],
            body,
            [],
            PROVINCIAL,
            ("1833/QĐ-UBND", "2025-10-28"),
            True,
            date_prec="year",
            stt="TT",
        )
    )

    ts = make_tasks(707, [RT, RT, ST, RT, TP], 2024)
    add(
        case(
            "xlsx_office_unusual_headers_from_to",
            "xlsx",
            [1, 3, 8],
            "unusual header wordings ('Tên nhiệm vụ (đề tài/dự án)', 'Đơn vị chủ trì thực hiện', 'Chủ nhiệm "
            "đề tài/dự án', 'Học vị, học hàm', 'Tổng dự toán', 'Hỗ trợ từ NSNN'); periods 'Từ 03/2024 đến …'",
            title_lines(
                "DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH GIAO TRỰC TIẾP NĂM 2024",
                "(Phụ lục kèm theo Quyết định số 640/QĐ-UBND ngày 12/4/2024 của UBND tỉnh Bắc Kạn)",
            ),
            [
                c_title("Tên nhiệm vụ (đề tài/dự án)"),
                c_host("Đơn vị chủ trì thực hiện"),
                c_pi_name("Chủ nhiệm đề tài/dự án"),
                c_pi_title("Học vị, học hàm"),
                c_period("Thời gian thực hiện (từ tháng/năm đến tháng/năm)", pattern="Từ {0} đến {1}"),
                c_million("Tổng dự toán (triệu đồng)", numeric=True),
                c_million("Hỗ trợ từ NSNN (triệu đồng)", "state", numeric=True),
            ],
            ts,
            [],
            PROVINCIAL,
            ("640/QĐ-UBND", "2024-04-12"),
            False,
            stt="TT",
        )
    )
    return cases


# --------------------------------------------------------------------------- output
def render(c: Case) -> bytes | None:
    if c.fmt == "xlsx":
        return write_xlsx(c.blocks, "Danh muc")
    if c.fmt == "xls":
        return write_xls(c.blocks, "Sheet1")
    if c.fmt == "docx":
        return write_docx(c.blocks)
    if c.fmt == "doc":
        if shutil.which("soffice") is None:
            return None
        return to_word97(write_docx(c.blocks), c.case_id)
    if c.fmt == "pdf":
        return write_pdf(c.blocks)
    raise ValueError(c.fmt)


def main(argv: list[str]) -> None:
    """Write every case (or only those whose id contains one of the arguments)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    OUT.mkdir(parents=True, exist_ok=True)
    for c in build_cases():
        if argv and not any(a in c.case_id for a in argv):
            continue
        data = render(c)
        if data is None:
            log.warning("%s: soffice (LibreOffice) not found, left as it is", c.case_id)
            continue
        (OUT / f"{c.case_id}.{c.fmt}").write_bytes(data)
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in expected(c)]
        (OUT / f"{c.case_id}.expected.jsonl").write_text("".join(lines), encoding="utf-8")
        meta = {
            "format": c.fmt,
            "family": "pdf" if c.fmt == "pdf" else "office",
            "classes": c.classes,
            "note": c.note,
            "site": None,
        }
        (OUT / f"{c.case_id}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        log.info("%s: %d tasks", c.case_id, len(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
