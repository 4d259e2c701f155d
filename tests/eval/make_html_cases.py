"""Write the HTML cases of the evaluation corpus: tests/eval/cases/html_*.{html,expected.jsonl,meta.json}.

    .venv/bin/python tests/eval/make_html_cases.py

Each case states its tasks once, as expected values (what a careful reader of the page records)
beside the text the page shows for them; the layout renders the shown text, the .expected.jsonl
gets the expected values. Content is invented (titles, people, organisations, numbers); the
layouts and wording follow real provincial DOST pages (docs/ACCURACY.md). Deterministic: the
same run writes the same bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casekit import (
    CASES,
    TR,
    T,
    c_code,
    c_end,
    c_grade,
    c_kind,
    c_money,
    c_name,
    c_no,  # noqa: E402,F401
    c_org,
    c_period,
    c_pi,
    c_ptitle,
    c_start,
    c_state,
    c_title,
    esc,
    graded,
    million,
    mm,
    period,
    pi_cell,
    table,
    with_decision,
    write_case,
)
from html_pages import (
    aspnet,
    dnn,
    drupal,
    encode_tcvn3,
    encode_vni,
    frontpage,
    liferay,  # noqa: E402,F401
    nukeviet,
    sharepoint,
    wordpress,
)

REGISTRY: list[Callable[[], dict]] = []


def case(fn: Callable[[], dict]) -> Callable[[], dict]:
    REGISTRY.append(fn)
    return fn


# ================================================================== the cases

# ------------------------------------------------------------------ class 1: the list's own decision


@case
def drupal_decision_lead_cancu() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu chọn tạo giống lúa Bao thai chất lượng cao thích ứng với vùng cao huyện Chợ Đồn",
                "Trung tâm Giống cây trồng và vật nuôi tỉnh Bắc Kạn",
                "Hoàng Thị Duyên",
                "ThS.",
                start="2024-01",
                end="2026-12",
                budget=1_150 * TR,
            ),
            T(
                "Ứng dụng công nghệ sinh học sản xuất chế phẩm vi sinh xử lý phụ phẩm nông nghiệp tại xã Quảng Khê",
                "Viện Công nghệ sinh học và Môi trường",
                "Lê Quang Vĩnh",
                "TS.",
                start="2024-03",
                end="2026-02",
                budget=980_500_000,
            ),
            T(
                "Xây dựng mô hình nuôi ong nội lấy mật theo chuỗi giá trị tại huyện Pác Nặm",
                "Hợp tác xã Nông lâm nghiệp Bằng Thành",
                "Triệu Văn Kiên",
                "KS.",
                start="2024-01",
                end="2026-06",
                budget=1_460 * TR,
            ),
            T(
                "Đánh giá thực trạng và đề xuất giải pháp bảo tồn nghề dệt thổ cẩm của đồng bào Dao đỏ tỉnh Bắc Kạn",
                "Trường Chính trị tỉnh Bắc Kạn",
                "Nông Thị Hạnh",
                "ThS.",
                start="2024-02",
                end="2025-01",
                budget=620 * TR,
            ),
        ],
        "845/QĐ-UBND",
        "2023-05-12",
    )
    body = f"""<p>Căn cứ Quyết định số 1950/QĐ-UBND ngày 22/10/2021 của UBND tỉnh ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ tỉnh Bắc Kạn, Sở Khoa học và Công nghệ đã tổ chức các Hội đồng tư vấn tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ.</p>
<p>Ngày 12/5/2023, Ủy ban nhân dân tỉnh Bắc Kạn ban hành Quyết định số 845/QĐ-UBND phê duyệt tổ chức, cá nhân chủ trì và kinh phí thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện từ năm 2024, gồm 04 nhiệm vụ, cụ thể như sau:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm nhiệm vụ", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
        )
    }
<p>Sở Khoa học và Công nghệ đề nghị các tổ chức chủ trì phối hợp hoàn thiện hồ sơ, ký hợp đồng thực hiện theo quy định.</p>
<p style="text-align:right"><strong>Phòng Quản lý khoa học</strong></p>"""
    page = drupal(
        "Phê duyệt tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN cấp tỉnh bắt đầu thực hiện từ năm 2024",
        "Thứ hai, 15/05/2023 - 08:41",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">26°C</span> Nắng nhẹ. Độ ẩm 70%',
        views="1.942",
    )
    return {
        "id": "html_drupal_decision_lead_cancu",
        "family": "drupal",
        "classes": [1],
        "site": "drupal_backan",
        "note": "decision in the lead sentence after a 'Căn cứ Quyết định' grounds sentence; 2-decimal money in triệu",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_decision_h2() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu đặc điểm sinh học và kỹ thuật nhân giống cây Sa nhân tím dưới tán rừng tại huyện Văn Bàn",
                kind="research_topic",
            ),
            T(
                "Ứng dụng mô hình số hóa quản lý di sản văn hóa phi vật thể của người Hà Nhì tỉnh Lào Cai",
                kind="research_topic",
            ),
            T(
                "Nghiên cứu giải pháp cảnh báo sớm lũ quét, sạt lở đất cho một số xã vùng cao huyện Bát Xát",
                kind="research_topic",
            ),
            T(
                "Đánh giá hiệu quả mô hình liên kết sản xuất chè Shan tuyết theo hướng hữu cơ tại huyện Mường Khương",
                kind="research_topic",
            ),
        ],
        "1123/QĐ-UBND",
        "2022-07-28",
    )
    goals = [
        "Xác định được đặc điểm sinh học; xây dựng quy trình nhân giống đạt tỷ lệ sống trên 85%.",
        "Xây dựng được cơ sở dữ liệu số về lễ hội, dân ca, trang phục của người Hà Nhì.",
        "Đề xuất được hệ thống cảnh báo sớm cho 05 xã có nguy cơ cao.",
        "Đánh giá được hiệu quả kinh tế, xã hội, môi trường của mô hình liên kết.",
    ]
    need = [
        "Quy trình kỹ thuật được Sở Nông nghiệp và PTNT công nhận; 5.000 cây giống.",
        "Phần mềm, cơ sở dữ liệu được chuyển giao cho Sở Văn hóa, Thể thao và Du lịch.",
        "Bản đồ phân vùng nguy cơ tỷ lệ 1:10.000; hệ thống cảnh báo vận hành thử.",
        "Báo cáo đánh giá; đề xuất cơ chế liên kết được UBND huyện chấp thuận.",
    ]
    for t, g, n in zip(ts, goals, need):
        t["goal"], t["need"] = g, n
    body = f"""<h2 style="text-align:center">Quyết định số 1123/QĐ-UBND ngày 28/7/2022 của UBND tỉnh Lào Cai về việc phê duyệt danh mục đề tài khoa học và công nghệ cấp tỉnh đặt hàng để tuyển chọn thực hiện từ năm 2023</h2>
<p>Thực hiện Thông báo số 215/TB-SKHCN ngày 10/6/2022 của Sở Khoa học và Công nghệ về việc đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2023, trên cơ sở kết quả làm việc của các Hội đồng tư vấn xác định nhiệm vụ, danh mục dưới đây thay thế danh mục ban hành kèm theo Quyết định số 2011/QĐ-UBND ngày 15/11/2021.</p>
<p>Sở Khoa học và Công nghệ thông báo danh mục để các tổ chức, cá nhân biết và đăng ký tham gia tuyển chọn:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên đề tài", c_title),
                ("Định hướng mục tiêu", lambda t, n: t["goal"]),
                ("Yêu cầu đối với kết quả", lambda t, n: t["need"]),
                ("Phương thức tổ chức thực hiện", lambda t, n: "Tuyển chọn"),
            ],
            ts,
            attrs='class="table table-bordered" style="width:100%"',
        )
    }
<p>Hồ sơ đăng ký tuyển chọn nộp tại Phòng Quản lý khoa học, Sở Khoa học và Công nghệ trước ngày 30/9/2022.</p>"""
    page = nukeviet(
        "Phê duyệt danh mục đề tài KH&amp;CN cấp tỉnh đặt hàng thực hiện từ năm 2023",
        "Thứ sáu - 29/07/2022 15:37",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="876",
    )
    return {
        "id": "html_nukeviet_decision_h2",
        "family": "nukeviet",
        "classes": [1, 2],
        "site": None,
        "note": "decision in an <h2>; a Thông báo …/TB-SKHCN and a replaced older decision as distractors; đặt hàng list of đề tài",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_decision_strong() -> dict:
    ts = graded(
        with_decision(
            [
                T(
                    "Nghiên cứu phát triển sản phẩm cam sành Hàm Yên đạt tiêu chuẩn OCOP 4 sao",
                    "Công ty Cổ phần Nông sản Phù Lưu",
                    "Đặng Văn Thưởng",
                    "ThS.",
                    grade="excellent",
                ),
                T(
                    "Ứng dụng tiến bộ kỹ thuật nhân giống cây Ba kích tím bằng phương pháp nuôi cấy mô tại huyện Chiêm Hóa",
                    "Trung tâm Nghiên cứu và Phát triển nông nghiệp Tuyên Quang",
                    "Ma Thị Thúy",
                    "TS.",
                    grade="good",
                ),
                T(
                    "Nghiên cứu thực trạng và giải pháp nâng cao chất lượng nguồn nhân lực du lịch cộng đồng tại Na Hang",
                    "Trường Đại học Tân Trào",
                    "Hà Minh Tuấn",
                    "PGS.TS.",
                    grade="good",
                ),
                T(
                    "Xây dựng quy trình chẩn đoán sớm bệnh tăng huyết áp ở người cao tuổi tại tuyến xã",
                    "Bệnh viện Đa khoa tỉnh Tuyên Quang",
                    "Lương Đức Hạnh",
                    "ThS.",
                    grade="pass",
                ),
                T(
                    "Nghiên cứu sử dụng phụ phẩm sắn làm thức ăn chăn nuôi bò thịt tại huyện Sơn Dương",
                    "Trung tâm Khuyến nông tỉnh Tuyên Quang",
                    "Nguyễn Thị Loan",
                    "KS.",
                    grade="pass",
                ),
            ],
            "2487/QĐ-UBND",
            "2023-12-20",
        )
    )
    body = f"""<p><strong>Quyết định số 2487/QĐ-UBND ngày 20 tháng 12 năm 2023 của Ủy ban nhân dân tỉnh về việc công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh</strong></p>
<p>Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 118/TTr-SKHCN ngày 08/12/2023, sau khi các Hội đồng tư vấn đánh giá, nghiệm thu chính thức, 05 nhiệm vụ khoa học và công nghệ cấp tỉnh đã được công nhận kết quả thực hiện với xếp loại như sau:</p>
<figure class="wp-block-table"><table class="has-fixed-layout"><thead><tr><th>TT</th><th>Tên nhiệm vụ</th><th>Tổ chức chủ trì</th><th>Chủ nhiệm</th><th>Xếp loại</th></tr></thead><tbody>
{"".join(f"<tr><td>{i}</td><td>{esc(t['exp']['title'])}</td><td>{esc(t['exp']['host_org'])}</td><td>{esc(pi_cell(t))}</td><td>{t['grade_show']}</td></tr>" for i, t in enumerate(ts, 1))}
</tbody></table></figure>
<p>Các tổ chức chủ trì có trách nhiệm nộp lưu giữ kết quả và đăng ký kết quả thực hiện nhiệm vụ theo quy định.</p>"""
    page = wordpress(
        "Công nhận kết quả thực hiện 05 nhiệm vụ KH&amp;CN cấp tỉnh năm 2023",
        "22/12/2023",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_decision_strong",
        "family": "wordpress",
        "classes": [1],
        "site": None,
        "note": "acceptance decision in a <strong> paragraph, written 'ngày 20 tháng 12 năm 2023'; a Tờ trình number nearby",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_decision_lead_tb() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xây dựng bộ tiêu chí nhận diện sản phẩm mật ong bạc hà Mèo Vạc",
                "Hội Nông dân tỉnh Hà Giang",
                "Vàng Mí Dính",
                "ThS.",
                state=760 * TR,
                months="24",
            ),
            T(
                "Ứng dụng công nghệ viễn thám giám sát biến động rừng đặc dụng Tây Côn Lĩnh",
                "Viện Điều tra, Quy hoạch rừng",
                "Phùng Văn Khoa",
                "TS.",
                state=1_340 * TR,
                months="30",
            ),
            T(
                "Bảo tồn và phát triển nguồn gen cam sành Bắc Quang",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Hà Giang",
                "Lò Thị Hương",
                "ThS.",
                state=1_095 * TR,
                months="36",
            ),
        ],
        "1576/QĐ-UBND",
        "2024-08-03",
    )
    body = f"""<p>Ngày 03/8/2024, Chủ tịch UBND tỉnh Hà Giang đã ký Quyết định số 1576/QĐ-UBND phê duyệt kết quả tuyển chọn tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 (đợt 2).</p>
<p>Trước đó, Sở Khoa học và Công nghệ đã ban hành Thông báo số 87/TB-SKHCN ngày 15/5/2024 về việc tuyển chọn tổ chức, cá nhân chủ trì thực hiện nhiệm vụ; đã có 07 hồ sơ đăng ký. Kết quả như sau:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm nhiệm vụ", c_pi),
                ("Thời gian thực hiện (tháng)", lambda t, n: t["months"]),
                ("Kinh phí từ ngân sách SNKH (triệu đồng)", c_state),
            ],
            ts,
            attrs='class="table" border="1"',
        )
    }
<p>Giao Sở Khoa học và Công nghệ ký hợp đồng với các tổ chức, cá nhân trúng tuyển theo quy định.</p>"""
    page = liferay(
        "Phê duyệt kết quả tuyển chọn nhiệm vụ KH&amp;CN cấp tỉnh năm 2024 (đợt 2)",
        "05/08/2024 09:12",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="412",
    )
    return {
        "id": "html_liferay_decision_lead_tb",
        "family": "liferay",
        "classes": [1, 8],
        "site": None,
        "note": "decision in the lead, announcement Thông báo …/TB-SKHCN after it; duration in months only; money is the state-budget part",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_decision_h2_acceptance() -> dict:
    ts = graded(
        with_decision(
            [
                T(
                    "Nghiên cứu chế tạo hệ thống tưới nhỏ giọt tự động cho chè cành tại vùng chè Tân Cương",
                    "Trường Đại học Kỹ thuật Công nghiệp - Đại học Thái Nguyên",
                    "Trần Quốc Hưng",
                    "TS.",
                    code="ĐT.KHCN-2020-07",
                    grade="good",
                ),
                T(
                    "Đánh giá tồn dư kim loại nặng trong đất trồng rau tại thành phố Sông Công",
                    "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                    "Dương Thị Thanh Hà",
                    "PGS.TS.",
                    code="ĐT.KHCN-2020-11",
                    grade="excellent",
                ),
                T(
                    "Ứng dụng trí tuệ nhân tạo hỗ trợ chẩn đoán lao phổi trên phim X-quang",
                    "Bệnh viện Lao và Bệnh phổi tỉnh Thái Nguyên",
                    "Ngô Thanh Bình",
                    "TS.BS.",
                    code="ĐT.KHCN-2021-02",
                    grade="pass",
                ),
                T(
                    "Nghiên cứu giải pháp phát triển du lịch nông nghiệp gắn với vùng chè đặc sản La Bằng",
                    "Trường Đại học Kinh tế và Quản trị kinh doanh - Đại học Thái Nguyên",
                    "Đỗ Thị Vân Anh",
                    "ThS.",
                    code="ĐT.KHCN-2021-05",
                    grade="good",
                ),
            ],
            "3012/QĐ-UBND",
            "2022-11-15",
        )
    )
    body = f"""<h2 style="text-align:center">Danh mục nhiệm vụ KH&amp;CN cấp tỉnh được công nhận kết quả theo Quyết định số 3012/QĐ-UBND ngày 15/11/2022 của UBND tỉnh</h2>
<p>Các nhiệm vụ dưới đây đã được Hội đồng tư vấn đánh giá, nghiệm thu thành lập theo Quyết định số 2730/QĐ-UBND ngày 12/10/2022 đánh giá đạt yêu cầu.</p>
{
        table(
            [
                ("Số TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Mã số", c_code),
                ("Cơ quan chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Xếp loại", c_grade),
            ],
            ts,
            attrs='border="1" cellspacing="0" cellpadding="0" width="100%"',
        )
    }"""
    page = dnn(
        "Công nhận kết quả thực hiện nhiệm vụ KH&amp;CN cấp tỉnh đợt 3 năm 2022",
        "11/17/2022 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="655",
    )
    return {
        "id": "html_dnn_decision_h2_acceptance",
        "family": "dnn",
        "classes": [1],
        "site": "dnn_thainguyen",
        "note": "acceptance decision in an <h2> title; the council's establishing decision mentioned in passing; task codes",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_decision_row_own() -> dict:
    ts = [
        T(
            "Nghiên cứu phục tráng giống lê Đông Khê phục vụ phát triển vùng nguyên liệu",
            "Trung tâm Khuyến nông tỉnh Cao Bằng",
            "Bế Văn Thạch",
            "ThS.",
            dno="512/QĐ-UBND",
            ddate="2023-04-03",
            start="2023-04",
            end="2026-03",
            budget=1_680 * TR,
            dshow="Số 512/QĐ-UBND ngày 03/4/2023",
        ),
        T(
            "Ứng dụng công nghệ in 3D phục dựng hiện vật khu di tích Pác Bó",
            "Bảo tàng tỉnh Cao Bằng",
            "Nông Thị Thu Trang",
            "ThS.",
            dno="513/QĐ-UBND",
            ddate="2023-04-03",
            start="2023-05",
            end="2025-10",
            budget=940 * TR,
            dshow="Số 513/QĐ-UBND ngày 03/4/2023",
        ),
        T(
            "Xây dựng chỉ dẫn địa lý Trùng Khánh cho sản phẩm hạt dẻ",
            "Trung tâm Thông tin và Ứng dụng khoa học công nghệ tỉnh Cao Bằng",
            "Lục Văn Thắng",
            "KS.",
            dno="1088/QĐ-UBND",
            ddate="2023-07-21",
            start="2023-08",
            end="2025-07",
            budget=1_250 * TR,
            dshow="Số 1088/QĐ-UBND ngày 21/7/2023",
        ),
        T(
            "Nghiên cứu sản xuất miến dong Phia Đén theo quy trình khép kín",
            "Hợp tác xã Miến dong Phia Đén",
            "Hoàng Văn Khánh",
            None,
            dno="1517/QĐ-UBND",
            ddate="2023-10-02",
            start="2023-10",
            end="2025-09",
            budget=2_100 * TR,
            dshow="Số 1517/QĐ-UBND ngày 02/10/2023",
        ),
    ]
    body = f"""<p>Thực hiện Kế hoạch số 55/KH-SKHCN ngày 10/01/2024 về kiểm tra tiến độ, Sở Khoa học và Công nghệ tổng hợp danh sách các nhiệm vụ khoa học và công nghệ cấp tỉnh đang triển khai năm 2024 như sau (danh sách đã được cập nhật theo Quyết định số 25/QĐ-SKHCN ngày 12/01/2024 về việc thành lập đoàn kiểm tra):</p>
<table class="ms-rteTable-default" style="width:100%" cellspacing="0"><tbody>
<tr class="ms-rteTableHeaderRow-default"><th class="ms-rteTableHeaderFirstCol-default">TT</th><th>Tên nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Chủ nhiệm</th><th>Quyết định phê duyệt</th><th>Thời gian thực hiện</th><th class="ms-rteTableHeaderLastCol-default">Tổng kinh phí (triệu đồng)</th></tr>
{"".join(f'<tr class="ms-rteTableOddRow-default"><td>{i}</td><td>{esc(t["exp"]["title"])}</td><td>{esc(t["exp"]["host_org"])}</td><td>{esc(pi_cell(t))}</td><td>{t["dshow"]}</td><td>{period(t)}</td><td>{million(t["exp"]["budget_vnd"])}</td></tr>' for i, t in enumerate(ts, 1))}
</tbody></table>"""
    page = sharepoint(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh đang triển khai năm 2024",
        "15/01/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_decision_row_own",
        "family": "sharepoint",
        "classes": [1],
        "site": None,
        "note": "each row names its own approval decision; a plan number and an inspection decision in the lead are not the list's",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ class 2: kind

STD = [
    ("TT", c_no),
    ("Tên nhiệm vụ", c_title),
    ("Tổ chức chủ trì", c_org),
    ("Chủ nhiệm", c_pi),
    ("Thời gian thực hiện", c_period),
    ("Kinh phí (triệu đồng)", c_money),
]


@case
def aspnet_kind_hinhthuc() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu đa dạng di truyền quần thể sâm Ngọc Linh trồng tại huyện Tu Mơ Rông",
                "Trung tâm Nghiên cứu, ứng dụng và phát triển sâm Ngọc Linh",
                "Trần Đình Sáu",
                "TS.",
                kind="research_topic",
                kind_show="Đề tài",
                start="2025-03",
                end="2028-02",
                budget=2_450 * TR,
            ),
            T(
                "Sản xuất thử nghiệm giống cà phê vối ghép cao sản tại huyện Đắk Hà",
                "Công ty TNHH Cà phê Đắk Uy",
                "Phạm Văn Lợi",
                "KS.",
                kind="trial_production_project",
                kind_show="Dự án SXTN",
                start="2025-01",
                end="2026-12",
                budget=1_870 * TR,
            ),
            T(
                "Phát triển văn hóa đọc trong cộng đồng dân tộc thiểu số tỉnh Kon Tum giai đoạn 2025-2030",
                "Thư viện tỉnh Kon Tum",
                "Y Nhung",
                "ThS.",
                kind="scheme",
                kind_show="Đề án",
                start="2025-04",
                end="2026-03",
                budget=560 * TR,
            ),
            T(
                "Ứng dụng quy trình trồng dược liệu Đương quy dưới tán rừng",
                "Ban quản lý Vườn quốc gia Chư Mom Ray",
                "Lê Văn Thành",
                "ThS.",
                kind="st_project",
                kind_show="Dự án KH&CN",
                start="2025-02",
                end="2027-01",
                budget=1_320 * TR,
            ),
            T(
                "Đánh giá chất lượng nước sinh hoạt nông thôn và đề xuất giải pháp cấp nước an toàn tại huyện Ia H'Drai",
                "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Kon Tum",
                "Nguyễn Hữu Phúc",
                "ThS.",
                kind="research_topic",
                kind_show="Đề tài",
                start="2025-03",
                end="2026-08",
                budget=890 * TR,
            ),
        ],
        "77/QĐ-UBND",
        "2025-01-24",
    )
    cols = STD[:2] + [("Hình thức", c_kind)] + STD[2:]
    body = f"""<p style="text-align:justify">Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2025 đã được UBND tỉnh Kon Tum phê duyệt tại Quyết định số 77/QĐ-UBND ngày 24/01/2025, gồm 05 nhiệm vụ:</p>
{table(cols, ts, attrs='class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse"')}
<p>Chi tiết liên hệ Phòng Quản lý Khoa học - Sở Khoa học và Công nghệ, điện thoại 0260.3862.xxx.</p>"""
    page = aspnet(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện năm 2025",
        "07-02-2025",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
    )
    return {
        "id": "html_aspnet_kind_hinhthuc",
        "family": "aspnet",
        "classes": [1, 2],
        "site": "aspnet_kontum",
        "note": "kind in a column headed 'Hình thức' (Đề tài / Dự án SXTN / Đề án / Dự án KH&CN); decision in the lead",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_kind_loaihinh() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu đặc điểm sinh trưởng và kỹ thuật trồng thâm canh cây Quýt Quang Thuận",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Đào Thanh Vân",
                "GS.TS.",
                kind="research_topic",
                kind_show="Đề tài",
                grade="good",
            ),
            T(
                "Sản xuất thử nghiệm chè Shan tuyết Bằng Phúc theo tiêu chuẩn VietGAP",
                "Hợp tác xã Chè Bằng Phúc",
                "Ma Văn Tình",
                None,
                kind="trial_production_project",
                kind_show="Dự án sản xuất thử nghiệm",
                grade="pass",
            ),
            T(
                "Ứng dụng tiến bộ kỹ thuật xây dựng mô hình nuôi cá chép lai V1 trong ao tại huyện Na Rì",
                "Trung tâm Dịch vụ nông nghiệp huyện Na Rì",
                "Lương Văn Sinh",
                "KS.",
                kind="st_project",
                kind_show="Dự án KH&CN",
                grade="good",
            ),
            T(
                "Nghiên cứu thành phần hóa học và hoạt tính sinh học cây Giảo cổ lam Ba Bể",
                "Viện Hóa sinh biển",
                "Phạm Thị Hồng Nhung",
                "TS.",
                kind="research_topic",
                kind_show="Đề tài",
                grade="excellent",
            ),
        ]
    )
    body = f"""<p>Trong tháng 11/2024, Sở Khoa học và Công nghệ đã tổ chức Hội đồng đánh giá, nghiệm thu chính thức 04 nhiệm vụ khoa học và công nghệ cấp tỉnh. Các Hội đồng đánh giá cao tính thực tiễn của kết quả; kết quả nghiệm thu như sau:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Loại hình", c_kind),
                ("Cơ quan chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Kết quả", c_grade),
            ],
            ts,
        )
    }
<p>Sau nghiệm thu, các tổ chức chủ trì hoàn thiện hồ sơ để trình công nhận kết quả.</p>"""
    page = drupal(
        "Nghiệm thu 04 nhiệm vụ khoa học và công nghệ cấp tỉnh",
        "Thứ tư, 27/11/2024 - 16:05",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">17°C</span> Trời rét. Độ ẩm 85%',
        views="708",
    )
    return {
        "id": "html_drupal_kind_loaihinh",
        "family": "drupal",
        "classes": [2],
        "site": None,
        "note": "kind column 'Loại hình'; acceptance grades; no list decision (nghiệm thu news)",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_kind_loainhiemvu() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu tuyển chọn dòng hồi hoa đỏ năng suất cao tại huyện Văn Quan",
                "Trung tâm Khoa học và Công nghệ tỉnh Lạng Sơn",
                "Hoàng Văn Chung",
                "ThS.",
                kind="research_topic",
                kind_show="Đề tài KH&CN",
                start="2024-01",
                end="2026-12",
                budget=1_450 * TR,
                state=1_200 * TR,
            ),
            T(
                "Sản xuất thử nghiệm rượu Mẫu Sơn từ men lá truyền thống theo quy mô hàng hóa",
                "Công ty TNHH Đặc sản Mẫu Sơn",
                "Vi Thị Mai",
                "KS.",
                kind="trial_production_project",
                kind_show="Dự án SXTN",
                start="2024-03",
                end="2026-02",
                budget=3_200 * TR,
                state=900 * TR,
            ),
            T(
                "Chuyển giao công nghệ sản xuất phân bón hữu cơ vi sinh từ phế phụ phẩm hồi tại huyện Bình Gia",
                "Hợp tác xã Nông nghiệp Hồng Phong",
                "Lăng Văn Tuấn",
                None,
                kind="st_project",
                kind_show="Dự án ứng dụng",
                start="2024-02",
                end="2025-07",
                budget=1_180 * TR,
                state=850 * TR,
            ),
            T(
                "Nghiên cứu thực trạng bạo lực học đường tại các trường trung học cơ sở tỉnh Lạng Sơn",
                "Trường Cao đẳng Sư phạm Lạng Sơn",
                "Đinh Thị Hồng Vân",
                "TS.",
                kind="research_topic",
                kind_show="Đề tài KH&CN",
                start="2024-04",
                end="2025-03",
                budget=540 * TR,
                state=540 * TR,
            ),
        ],
        "2206/QĐ-UBND",
        "2023-11-30",
    )
    body = f"""<p>Ngày 30/11/2023, UBND tỉnh Lạng Sơn ban hành Quyết định số 2206/QĐ-UBND phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2024.</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Loại nhiệm vụ", c_kind),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm nhiệm vụ", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Tổng kinh phí (triệu đồng)", c_money),
                ("Trong đó NSNN (triệu đồng)", c_state),
            ],
            ts,
            attrs='class="table table-bordered table-striped"',
        )
    }"""
    page = nukeviet(
        "Phê duyệt danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện năm 2024",
        "Thứ hai - 04/12/2023 10:20",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lạng Sơn",
        views="1.103",
    )
    return {
        "id": "html_nukeviet_kind_loainhiemvu",
        "family": "nukeviet",
        "classes": [1, 2],
        "site": None,
        "note": "kind column 'Loại nhiệm vụ' (Đề tài KH&CN / Dự án SXTN / Dự án ứng dụng); total and state budget columns",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_kind_hinhthucthuchien_rowspan() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng chế phẩm sinh học phòng trừ bệnh vàng lá thối rễ trên cây cam tại huyện Hàm Yên",
            "Viện Bảo vệ thực vật",
            "Nguyễn Văn Liêm",
            "TS.",
            kind="research_topic",
            start="2024-01",
            end="2025-12",
            budget=870 * TR,
        ),
        T(
            "Nghiên cứu giá trị lịch sử văn hóa của hệ thống đình làng tỉnh Tuyên Quang",
            "Bảo tàng tỉnh Tuyên Quang",
            "Lâm Thị Hồng Thắm",
            "ThS.",
            kind="research_topic",
            start="2024-03",
            end="2025-08",
            budget=450 * TR,
        ),
        T(
            "Xây dựng phần mềm quản lý hồ sơ sức khỏe điện tử cho trạm y tế xã",
            "Trung tâm Kiểm soát bệnh tật tỉnh Tuyên Quang",
            "Quan Văn Định",
            "ThS.",
            kind="research_topic",
            start="2024-02",
            end="2026-01",
            budget=760 * TR,
        ),
        T(
            "Hoàn thiện quy trình sản xuất giống cá bỗng bằng phương pháp sinh sản nhân tạo",
            "Công ty TNHH Thủy sản Sông Lô",
            "Vũ Đức Mạnh",
            "KS.",
            kind="trial_production_project",
            start="2024-01",
            end="2025-12",
            budget=2_300 * TR,
        ),
        T(
            "Hoàn thiện công nghệ chế biến trà hoa vàng túi lọc quy mô công nghiệp",
            "Công ty Cổ phần Dược liệu Na Hang",
            "Triệu Thị Chiến",
            "ThS.",
            kind="trial_production_project",
            start="2024-04",
            end="2026-03",
            budget=1_950 * TR,
        ),
    ]
    cols = [("TT", c_no), ("Hình thức thực hiện", c_kind)] + STD[1:]
    body = f"""<p>Sở Khoa học và Công nghệ Tuyên Quang thông báo danh mục các nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện từ năm 2024:</p>
<figure class="wp-block-table is-style-stripes">
{table(cols, ts, attrs='class="has-fixed-layout"', rowspan_col=(1, [(0, 3, "Đề tài"), (3, 2, "Dự án SXTN")]))}
<figcaption class="wp-element-caption">Nguồn: Phòng Quản lý khoa học</figcaption></figure>"""
    page = wordpress(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh bắt đầu thực hiện năm 2024",
        "09/01/2024",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_kind_hinhthucthuchien_rowspan",
        "family": "wordpress",
        "classes": [2],
        "site": None,
        "note": "kind column 'Hình thức thực hiện' merged down by rowspan (3 Đề tài, 2 Dự án SXTN); no decision",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_kind_sections() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu bảo tồn giống bò vàng Hà Giang theo hướng nâng cao tầm vóc",
                "Trung tâm Giống cây trồng, vật nuôi tỉnh Hà Giang",
                "Giàng Seo Phử",
                "ThS.",
                kind="research_topic",
                start="2024-01",
                end="2026-12",
                budget=1_380 * TR,
            ),
            T(
                "Đánh giá tiềm năng du lịch địa chất tại Công viên địa chất toàn cầu UNESCO Cao nguyên đá Đồng Văn",
                "Ban Quản lý Công viên địa chất toàn cầu UNESCO Cao nguyên đá Đồng Văn",
                "Sùng Mí Chứ",
                "TS.",
                kind="research_topic",
                start="2024-03",
                end="2026-02",
                budget=1_020 * TR,
            ),
            T(
                "Nghiên cứu ứng dụng mô hình nông nghiệp thông minh trồng rau trái vụ tại huyện Quản Bạ",
                "Trường Cao đẳng Kỹ thuật và Công nghệ Hà Giang",
                "Lê Minh Quang",
                "ThS.",
                kind="research_topic",
                start="2024-02",
                end="2025-07",
                budget=690 * TR,
            ),
            T(
                "Hoàn thiện quy trình sản xuất chè Shan tuyết dạng bánh tại xã Thượng Sơn",
                "Hợp tác xã Chè Thượng Sơn",
                "Nguyễn Thị Thêu",
                None,
                kind="trial_production_project",
                start="2024-01",
                end="2025-12",
                budget=2_650 * TR,
            ),
            T(
                "Hoàn thiện công nghệ sản xuất tinh dầu thảo quả quy mô bán công nghiệp",
                "Công ty TNHH Dược liệu Hoàng Su Phì",
                "Hoàng Văn Bằng",
                "KS.",
                kind="trial_production_project",
                start="2024-04",
                end="2026-03",
                budget=1_900 * TR,
            ),
        ],
        "2019/QĐ-UBND",
        "2023-10-09",
    )
    body = f"""<p>Ủy ban nhân dân tỉnh Hà Giang đã ban hành Quyết định số 2019/QĐ-UBND ngày 09/10/2023 phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2024. Cụ thể:</p>
{
        table(
            STD,
            ts,
            sections={0: "I. ĐỀ TÀI", 3: "II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM"},
            numbering="restart",
            attrs='class="table table-bordered" border="1"',
        )
    }"""
    page = liferay(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện từ năm 2024",
        "12/10/2023 14:30",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="903",
    )
    return {
        "id": "html_liferay_kind_sections",
        "family": "liferay",
        "classes": [1, 2],
        "site": None,
        "note": "section rows 'I. ĐỀ TÀI' / 'II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM' spanning the table, numbering restarts",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_kind_sections_letters() -> dict:
    ts = [
        T(
            "Nghiên cứu chế tạo vật liệu hấp phụ từ bã chè để xử lý nước thải làng nghề",
            "Trường Đại học Khoa học - Đại học Thái Nguyên",
            "Vũ Thị Hậu",
            "TS.",
            code="ĐT-2025-01",
            kind="research_topic",
            start="2025-01",
            end="2026-12",
        ),
        T(
            "Nghiên cứu đặc điểm dịch tễ bệnh tay chân miệng ở trẻ em tỉnh Thái Nguyên giai đoạn 2020-2024",
            "Trường Đại học Y Dược - Đại học Thái Nguyên",
            "Hoàng Thị Thanh Huyền",
            "PGS.TS.",
            code="ĐT-2025-02",
            kind="research_topic",
            start="2025-03",
            end="2027-02",
        ),
        T(
            "Ứng dụng công nghệ IoT giám sát môi trường trong nhà màng trồng dưa lưới tại huyện Phú Bình",
            "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Thái Nguyên",
            "Dương Văn Hải",
            "ThS.",
            code="DA-2025-01",
            kind="st_project",
            start="2025-02",
            end="2027-01",
        ),
        T(
            "Phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh Thái Nguyên đến năm 2030",
            "Trung tâm Hỗ trợ khởi nghiệp đổi mới sáng tạo tỉnh Thái Nguyên",
            "Lê Thị Hằng",
            "ThS.",
            code="ĐA-2025-01",
            kind="scheme",
            start="2025-04",
            end="2026-03",
        ),
    ]
    body = f"""<p>Sở Khoa học và Công nghệ thông báo danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025 (đợt 1) đã được phê duyệt:</p>
{
        table(
            [
                ("TT", c_no),
                ("Mã số", c_code),
                ("Tên nhiệm vụ", c_title),
                ("Cơ quan chủ trì", c_org),
                ("Chủ nhiệm nhiệm vụ", c_pi),
                ("Thời gian thực hiện", c_period),
            ],
            ts,
            sections={0: "A. CÁC ĐỀ TÀI KHOA HỌC", 2: "B. DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ", 3: "C. ĐỀ ÁN KHOA HỌC"},
        )
    }"""
    page = dnn(
        "Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025 (đợt 1)",
        "2/20/2025 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="388",
    )
    return {
        "id": "html_dnn_kind_sections_letters",
        "family": "dnn",
        "classes": [2],
        "site": None,
        "note": "section rows A/B/C ('CÁC ĐỀ TÀI KHOA HỌC', 'DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ', 'ĐỀ ÁN KHOA HỌC'), global numbering, codes",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_kind_rowspan() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu đặc điểm sinh học loài cá Anh vũ trên sông Bằng Giang",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Đàm Văn Tiến",
                "TS.",
                kind="research_topic",
                grade="good",
            ),
            T(
                "Thực trạng hôn nhân cận huyết thống trong đồng bào dân tộc thiểu số tỉnh Cao Bằng và giải pháp",
                "Ban Dân tộc tỉnh Cao Bằng",
                "La Thị Nguyệt",
                "ThS.",
                kind="research_topic",
                grade="pass",
            ),
            T(
                "Hoàn thiện quy trình sản xuất bánh khảo Quảng Uyên theo hướng hàng hóa",
                "Hợp tác xã Bánh khảo Quảng Uyên",
                "Lý Văn Sáng",
                None,
                kind="trial_production_project",
                grade="good",
            ),
            T(
                "Hoàn thiện công nghệ nhân giống lan Kim tuyến bằng nuôi cấy mô tế bào",
                "Trung tâm Thông tin và Ứng dụng khoa học công nghệ tỉnh Cao Bằng",
                "Hà Thị Lành",
                "ThS.",
                kind="trial_production_project",
                grade="excellent",
            ),
            T(
                "Ứng dụng khoa học và công nghệ phát triển sản phẩm OCOP tỉnh Cao Bằng giai đoạn 2021-2025",
                "Sở Khoa học và Công nghệ tỉnh Cao Bằng",
                "Mông Văn Đức",
                "ThS.",
                kind="scheme",
                grade="pass",
            ),
        ]
    )
    cols = [
        ("Loại hình nhiệm vụ", c_kind),
        ("STT", c_no),
        ("Tên nhiệm vụ", c_title),
        ("Chủ nhiệm", c_pi),
        ("Tổ chức chủ trì", c_org),
        ("Xếp loại", c_grade),
    ]
    body = f"""<p>Năm 2023, Sở Khoa học và Công nghệ đã tổ chức đánh giá, nghiệm thu 05 nhiệm vụ khoa học và công nghệ cấp tỉnh, kết quả:</p>
{
        table(
            cols,
            ts,
            attrs='class="ms-rteTable-default" width="100%"',
            rowspan_col=(0, [(0, 2, "Đề tài"), (2, 2, "Dự án SXTN"), (4, 1, "Đề án")]),
        )
    }"""
    page = sharepoint(
        "Kết quả đánh giá, nghiệm thu nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2023",
        "28/12/2023",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_kind_rowspan",
        "family": "sharepoint",
        "classes": [2],
        "site": None,
        "note": "first column 'Loại hình nhiệm vụ' merged down by rowspan; grades; titles that do not say their kind",
        "tasks": ts,
        "page": page,
    }


@case
def frontpage_kind_rowspan_titleblock() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xác định bộ giống khoai môn thích hợp trên đất bãi ven sông Cầu tại huyện Chợ Mới",
                "Trung tâm Nghiên cứu và Phát triển nông lâm nghiệp Bắc Kạn",
                "Lưu Thị Thúy",
                "ThS.",
                kind="research_topic",
                start="2021-03",
                end="2022-12",
                budget=640 * TR,
            ),
            T(
                "Đánh giá thực trạng sử dụng thuốc bảo vệ thực vật trên cây rau tại thành phố Bắc Kạn",
                "Chi cục Trồng trọt và Bảo vệ thực vật tỉnh Bắc Kạn",
                "Hà Văn Đông",
                "KS.",
                kind="research_topic",
                start="2021-02",
                end="2022-01",
                budget=380 * TR,
            ),
            T(
                "Ứng dụng công nghệ tưới tiết kiệm nước cho cây cam tại xã Quang Thuận",
                "Công ty TNHH Nông nghiệp công nghệ cao Bạch Thông",
                "Nông Văn Thân",
                None,
                kind="st_project",
                start="2021-04",
                end="2023-03",
                budget=1_250_500_000,
            ),
            T(
                "Chuyển giao quy trình sản xuất nấm linh chi trên giá thể mùn cưa tại huyện Chợ Đồn",
                "Hợp tác xã Dịch vụ nông nghiệp Đồng Lạc",
                "Sầm Thị Diệp",
                None,
                kind="st_project",
                start="2021-03",
                end="2022-08",
                budget=720 * TR,
            ),
        ],
        "189/QĐ-UBND",
        "2021-02-05",
    )

    def p(s: str) -> str:
        return f"<p class=MsoNormal><span lang=VI style='font-size:12.0pt'>{s}<o:p></o:p></span></p>"

    def td(s: str, extra: str = "") -> str:
        return f"<td valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'{extra}>{p(s)}</td>"

    rows = []
    for i, t in enumerate(ts):
        kind = ""
        if i == 0:
            kind = td("Đề tài", " rowspan=2")
        elif i == 2:
            kind = td("Dự án ứng dụng, chuyển giao công nghệ", " rowspan=2")
        rows.append(
            f"<tr>{td(str(i + 1))}{kind}{td(esc(t['exp']['title']))}{td(esc(t['exp']['host_org']))}"
            f"{td(esc(pi_cell(t)))}{td(period(t))}{td(million(t['exp']['budget_vnd']))}</tr>"
        )
    head = "".join(
        td(f"<b>{h}</b>")
        for h in (
            "TT",
            "Loại nhiệm vụ",
            "Tên nhiệm vụ",
            "Cơ quan chủ trì",
            "Chủ nhiệm",
            "Thời gian thực hiện",
            "Kinh phí (triệu đồng)",
        )
    )
    body = f"""<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI style='font-size:13.0pt'>DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH THỰC HIỆN NĂM 2021<o:p></o:p></span></b></p>
<p class=MsoNormal align=center style='text-align:center'><i><span lang=VI>(Kèm theo Quyết định số 189/QĐ-UBND ngày 05 tháng 02 năm 2021 của UBND tỉnh Bắc Kạn)</span></i></p>
<p class=MsoNormal>&nbsp;</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>
<tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>{head}</tr>
{chr(10).join(rows)}
</table>
<p class=MsoNormal><span lang=VI>&nbsp;</span></p>"""
    page = frontpage(
        "Danh muc nhiem vu KHCN cap tinh nam 2021",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        charset="utf-8",
    )
    return {
        "id": "html_frontpage_kind_rowspan_titleblock",
        "family": "frontpage",
        "classes": [1, 2],
        "site": None,
        "note": "Word-exported table (MsoTableGrid) with 'Loại nhiệm vụ' merged by rowspan; decision in a '(Kèm theo Quyết định …)' title block",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_kind_title_words() -> dict:
    ts = with_decision(
        [
            T(
                "Dự án sản xuất thử nghiệm giống lúa nếp cẩm ĐH6 tại huyện Bạch Thông",
                "Trung tâm Khuyến nông tỉnh Bắc Kạn",
                "Ma Thị Hoa",
                "KS.",
                kind="trial_production_project",
                start="2025-01",
                end="2026-12",
                budget=1_640 * TR,
            ),
            T(
                "Đề án phát triển thương hiệu miến dong Bắc Kạn giai đoạn 2025-2030",
                "Sở Công Thương tỉnh Bắc Kạn",
                "Lý Thị Vân",
                "ThS.",
                kind="scheme",
                start="2025-02",
                end="2026-01",
                budget=480 * TR,
            ),
            T(
                "Dự án ứng dụng tiến bộ kỹ thuật nuôi lợn đen địa phương theo hướng an toàn sinh học tại huyện Ngân Sơn",
                "Trung tâm Dịch vụ nông nghiệp huyện Ngân Sơn",
                "Hoàng Văn Tư",
                "ThS.",
                kind="st_project",
                start="2025-03",
                end="2027-02",
                budget=1_120 * TR,
            ),
            T(
                "Dự án xây dựng mô hình trồng cây Mắc ca xen cà phê tại xã Thượng Quan",
                "Hợp tác xã Nông lâm nghiệp Thượng Quan",
                "Đinh Văn Quý",
                None,
                kind=None,
                start="2025-01",
                end="2027-06",
                budget=1_900 * TR,
            ),
        ],
        "1436/QĐ-UBND",
        "2024-08-14",
    )
    body = f"""<p><em>(khcnbackan) - Ngày 14/8/2024, UBND tỉnh ban hành Quyết định số 1436/QĐ-UBND phê duyệt danh mục và tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2025.</em></p>
<p>Danh mục gồm 04 nhiệm vụ:</p>
{table(STD, ts)}
<p>Tổng kinh phí thực hiện các nhiệm vụ là 5.140 triệu đồng.</p>"""
    page = drupal(
        "Phê duyệt danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện từ năm 2025",
        "Thứ sáu, 16/08/2024 - 09:02",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">31°C</span> Nắng nóng. Độ ẩm 66%',
        views="1.220",
    )
    return {
        "id": "html_drupal_kind_title_words",
        "family": "drupal",
        "classes": [1, 2],
        "site": None,
        "note": "kind only in the title's opening words (Dự án sản xuất thử nghiệm / Đề án / Dự án ứng dụng); a bare 'Dự án …' is null",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_kind_title_words() -> dict:
    ts = graded(
        with_decision(
            [
                T(
                    "Dự án khoa học và công nghệ phát triển giống lúa Séng cù theo chuỗi giá trị tại huyện Điện Biên",
                    "Công ty Cổ phần Giống cây trồng Điện Biên",
                    "Lò Văn Piếng",
                    "KS.",
                    kind="st_project",
                    grade="good",
                ),
                T(
                    "Đề án nâng cao năng lực đo lường thử nghiệm phục vụ quản lý chất lượng hàng hóa tỉnh Điện Biên",
                    "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tỉnh Điện Biên",
                    "Quàng Thị Hoa",
                    "ThS.",
                    kind="scheme",
                    grade="pass",
                ),
                T(
                    "Dự án sản xuất thử nghiệm cà phê Arabica chế biến ướt tại huyện Mường Ảng",
                    "Hợp tác xã Cà phê Mường Ảng",
                    "Vừ A Dình",
                    None,
                    kind="trial_production_project",
                    grade="good",
                ),
                T(
                    "Dự án nhân rộng mô hình nuôi cá lồng trên lòng hồ thủy điện tại huyện Tuần Giáo",
                    "Trung tâm Khuyến nông tỉnh Điện Biên",
                    "Lường Văn Thọ",
                    "ThS.",
                    kind=None,
                    grade="pass",
                ),
            ],
            "1893/QĐ-UBND",
            "2024-09-25",
        )
    )
    body = f"""<p>Ngày 25/9/2024, UBND tỉnh Điện Biên ban hành Quyết định số 1893/QĐ-UBND về việc công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh. Danh sách nhiệm vụ được công nhận:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Đơn vị chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Đánh giá xếp loại", c_grade),
            ],
            ts,
            attrs='border="1" cellpadding="3" cellspacing="0" style="width:98%"',
        )
    }"""
    page = aspnet(
        "Công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh",
        "30-09-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Điện Biên",
        section="Tin hoạt động",
    )
    return {
        "id": "html_aspnet_kind_title_words",
        "family": "aspnet",
        "classes": [1, 2],
        "site": None,
        "note": "kind from titles (Dự án khoa học và công nghệ / Đề án / Dự án sản xuất thử nghiệm); bare 'Dự án nhân rộng…' is null; grades",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ class 3: academic title in its own column


@case
def nukeviet_pi_title_column() -> dict:
    ts = [
        T(
            "Nghiên cứu đặc tính nông sinh học giống quế Văn Yên phục vụ cấp chứng nhận cây đầu dòng",
            "Trung tâm Nghiên cứu lâm sản ngoài gỗ",
            "Hà Đức Thịnh",
            "TS.",
            kind="research_topic",
            start="2024-01",
            end="2025-12",
            budget=820 * TR,
        ),
        T(
            "Xây dựng bản đồ số hóa vùng trồng chè Suối Giàng",
            "Trường Cao đẳng Nghề Yên Bái",
            "Mùa A Sử",
            "ThS.",
            kind="research_topic",
            start="2024-03",
            end="2025-02",
            budget=360 * TR,
        ),
        T(
            "Đánh giá hiệu quả can thiệp dinh dưỡng cho trẻ suy dinh dưỡng thấp còi tại huyện Mù Cang Chải",
            "Viện Dinh dưỡng",
            "Phan Thị Thu",
            "PGS.TS.",
            kind="research_topic",
            start="2024-02",
            end="2026-01",
            budget=1_030 * TR,
        ),
        T(
            "Nghiên cứu giải pháp giảm thiểu sạt lở bờ sông Hồng đoạn qua thành phố Yên Bái",
            "Viện Thủy công",
            "Trịnh Quốc Khánh",
            "GS.TSKH.",
            kind="research_topic",
            start="2024-04",
            end="2025-09",
            budget=1_280 * TR,
        ),
    ]
    body = f"""<p>Sở Khoa học và Công nghệ tỉnh Yên Bái công bố danh sách đề tài khoa học cấp tỉnh được tuyển chọn thực hiện năm 2024:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên đề tài", c_title),
                ("Họ và tên chủ nhiệm", c_name),
                ("Học hàm, học vị", c_ptitle),
                ("Cơ quan chủ trì", c_org),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="table table-bordered"',
        )
    }"""
    page = nukeviet(
        "Danh sách đề tài khoa học cấp tỉnh được tuyển chọn thực hiện năm 2024",
        "Thứ ba - 02/01/2024 08:15",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Yên Bái",
        views="530",
        stats_table=True,
    )
    return {
        "id": "html_nukeviet_pi_title_column",
        "family": "nukeviet",
        "classes": [3, 7],
        "site": None,
        "note": "'Họ và tên chủ nhiệm' beside 'Học hàm, học vị' (GS.TSKH., PGS.TS. …); a visitor-statistics table in the sidebar",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_pi_title_ascii_headers() -> dict:
    ts = [
        T(
            "Nghiên cứu phát triển sản phẩm du lịch gắn với tín ngưỡng thờ cúng Hùng Vương",
            "Trường Đại học Hùng Vương",
            "Đinh Thị Ngọc Ánh",
            "TS",
            start="2024-01",
            end="2025-12",
            budget=690 * TR,
        ),
        T(
            "Ứng dụng công nghệ sinh học sản xuất giống bưởi Đoan Hùng sạch bệnh",
            "Trung tâm Giống cây trồng Phú Thọ",
            "Cao Văn Thuận",
            "ThS",
            start="2024-02",
            end="2027-01",
            budget=1_540 * TR,
        ),
        T(
            "Đánh giá chất lượng không khí khu công nghiệp Thụy Vân và đề xuất giải pháp",
            "Viện Khoa học Môi trường và Sức khỏe cộng đồng",
            "Hán Thị Phương",
            "PGS TS",
            start="2024-03",
            end="2026-02",
            budget=980 * TR,
        ),
    ]
    body = f"""<p>Danh sách nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 (trích xuất từ Cơ sở dữ liệu nhiệm vụ KH&amp;CN của tỉnh):</p>
{
        table(
            [
                ("STT", c_no),
                ("Ten nhiem vu", c_title),
                ("Ho va ten chu nhiem", c_name),
                ("Hoc ham hoc vi", c_ptitle),
                ("Don vi chu tri", c_org),
                ("Thoi gian thuc hien", c_period),
                ("Kinh phi (trieu dong)", c_money),
            ],
            ts,
            attrs='class="tablepress tablepress-id-12" id="tablepress-12"',
        )
    }"""
    page = wordpress(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh năm 2024",
        "15/03/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Phú Thọ",
    )
    return {
        "id": "html_wordpress_pi_title_ascii_headers",
        "family": "wordpress",
        "classes": [3, 8],
        "site": None,
        "note": "ASCII-folded headers from a database export: 'Ho va ten chu nhiem' + 'Hoc ham hoc vi' (titles without dots)",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_pi_hocvi() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu quy trình nhân giống vô tính cây Trà hoa vàng Tam Đảo",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Lã Văn Hùng",
                "TS.",
                grade="good",
            ),
            T(
                "Ứng dụng thực tế ảo trong giáo dục lịch sử tại các trường trung học cơ sở huyện Định Hóa",
                "Trường Đại học Sư phạm - Đại học Thái Nguyên",
                "Bùi Thị Thu Hiền",
                "ThS.",
                grade="excellent",
            ),
            T(
                "Nghiên cứu tỷ lệ kháng kháng sinh của vi khuẩn gây viêm phổi bệnh viện tại tỉnh Thái Nguyên",
                "Bệnh viện Trung ương Thái Nguyên",
                "Nông Văn Dũng",
                "TS.BS.",
                grade="good",
            ),
        ]
    )
    body = f"""<p>Từ ngày 10 đến ngày 12/6/2024, Sở Khoa học và Công nghệ tổ chức Hội đồng tư vấn đánh giá, nghiệm thu 03 nhiệm vụ khoa học và công nghệ cấp tỉnh:</p>
{
        table(
            [
                ("Số TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Chủ nhiệm nhiệm vụ", c_name),
                ("Học vị", c_ptitle),
                ("Đơn vị chủ trì", c_org),
                ("Kết quả đánh giá", c_grade),
            ],
            ts,
        )
    }
<p>Hội đồng đề nghị các chủ nhiệm tiếp thu ý kiến, hoàn thiện báo cáo tổng hợp.</p>"""
    page = dnn(
        "Nghiệm thu 03 nhiệm vụ khoa học và công nghệ cấp tỉnh",
        "6/14/2024 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="297",
    )
    return {
        "id": "html_dnn_pi_hocvi",
        "family": "dnn",
        "classes": [3],
        "site": "dnn_thainguyen",
        "note": "'Chủ nhiệm nhiệm vụ' beside 'Học vị'; grades; DNN month/day date header",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ class 5: legacy font encodings


def _legacy_table(ts: list[dict], headers: list[str], cells: Callable[[dict, int], list[str]], font: str) -> str:
    """An old Word/FrontPage table whose every cell names the legacy font."""

    def td(s: str) -> str:
        return f'<td valign=top><p class=MsoNormal><font face="{font}" size=2>{s}</font></p></td>'

    head = "<tr>" + "".join(td(f"<b>{h}</b>") for h in headers) + "</tr>"
    rows = "\n".join("<tr>" + "".join(td(c) for c in cells(t, i)) + "</tr>" for i, t in enumerate(ts, 1))
    return f'<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 width="100%">\n{head}\n{rows}\n</table>'


@case
def frontpage_tcvn3_cp1252() -> dict:
    ts = with_decision(
        [
            T(
                "Điều tra, đánh giá thực trạng và đề xuất giải pháp phát triển cây hồng không hạt Bắc Kạn",
                "Trung tâm Khuyến nông tỉnh Bắc Kạn",
                "Hoàng Văn Luyện",
                "KS.",
                start="2008",
                end="2009",
                budget=215 * TR,
            ),
            T(
                "Xây dựng mô hình trồng nấm hương trên thân gỗ tại xã Cao Kỳ, huyện Chợ Mới",
                "Trạm Khuyến nông huyện Chợ Mới",
                "Nông Văn Thuận",
                None,
                start="2008",
                end="2010",
                budget=180 * TR,
            ),
            T(
                "Xây dựng mô hình ứng dụng tiến bộ kỹ thuật nuôi cá rô phi đơn tính trong ao tại huyện Bạch Thông",
                "Phòng Nông nghiệp và Phát triển nông thôn huyện Bạch Thông",
                "Lưu Đức Thọ",
                "KS.",
                start="2008",
                end="2009",
                budget=145 * TR,
            ),
            T(
                "Nghiên cứu thành phần loài cá ở hồ Ba Bể phục vụ bảo tồn đa dạng sinh học",
                "Viện Sinh thái và Tài nguyên sinh vật",
                "Ngô Xuân Tường",
                "TS.",
                start="2008",
                end="2010",
                budget=320 * TR,
            ),
        ],
        "1168/QĐ-UBND",
        "2008-06-05",
    )
    f = ".VnTime"
    tab = _legacy_table(
        ts,
        ["TT", "Tên đề tài, dự án", "Cơ quan chủ trì", "Chủ nhiệm", "Thời gian", "Kinh phí (tr.đ)"],
        lambda t, i: [
            str(i),
            t["exp"]["title"],
            t["exp"]["host_org"],
            pi_cell(t),
            f"{t['exp']['start_date']} - {t['exp']['end_date']}",
            million(t["exp"]["budget_vnd"]),
        ],
        f,
    )
    body = f"""<h2 align=center style='text-align:center'><span style='font-family:.VnTimeH'>danh mục đề tài, dự án khoa học công nghệ năm 2008</span></h2>
<p class=MsoNormal style='text-align:justify'><font face="{f}" size=3>Ngày 05/6/2008, Uỷ ban nhân dân tỉnh Bắc Kạn đã ban hành Quyết định số 1168/QĐ-UBND về việc phê duyệt danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh năm 2008. Danh mục gồm 04 đề tài, dự án như sau:</font></p>
{tab}
<p class=MsoNormal><font face="{f}" size=3>Sở Khoa học và Công nghệ hướng dẫn các đơn vị xây dựng thuyết minh chi tiết.</font></p>"""
    uni = frontpage(
        "Danh mục đề tài, dự án KHCN năm 2008",
        body,
        site_name="Sở Khoa học và Công nghệ Bắc Kạn",
        charset="windows-1252",
        font=f,
        heading_font=".VnTimeH",
    )
    # the .VnTimeH heading is typed in lower-case codes: that font draws them as capitals
    page = encode_tcvn3(uni)
    return {
        "id": "html_frontpage_tcvn3_cp1252",
        "family": "frontpage",
        "classes": [1, 5],
        "site": None,
        "note": "whole page in TCVN3/ABC (.VnTime, .VnTimeH heading) declared windows-1252; years-only periods; decision in the lead",
        "tasks": ts,
        "page": page,
    }


@case
def frontpage_tcvn3_nocharset() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu sản xuất phân hữu cơ vi sinh từ than bùn tại huyện Na Rì",
                "Phòng Nông nghiệp và Phát triển nông thôn huyện Na Rì",
                "Bàn Văn Hùng",
                "KS.",
                kind="research_topic",
                grade="good",
            ),
            T(
                "Khảo nghiệm giống ngô lai chịu hạn trên đất dốc huyện Pác Nặm",
                "Trung tâm Khuyến nông tỉnh Bắc Kạn",
                "Triệu Thị Nhất",
                "KS.",
                kind="research_topic",
                grade="pass",
            ),
            T(
                "Điều tra hiện trạng ô nhiễm nguồn nước sinh hoạt tại thị xã Bắc Kạn",
                "Trung tâm Y tế dự phòng tỉnh Bắc Kạn",
                "Phùng Thị Thanh",
                "ThS.",
                kind="research_topic",
                grade="excellent",
            ),
        ]
    )
    f = ".VnTime"
    tab = _legacy_table(
        ts,
        ["STT", "Tên đề tài", "Chủ nhiệm đề tài", "Cơ quan chủ trì", "Xếp loại"],
        lambda t, i: [str(i), t["exp"]["title"], pi_cell(t), t["exp"]["host_org"], t["grade_show"]],
        f,
    )
    body = f"""<p class=MsoNormal style='text-align:justify'><font face="{f}" size=3>Ngày 22/12/2006, Hội đồng khoa học và công nghệ tỉnh đã họp đánh giá, nghiệm thu 03 đề tài khoa học cấp tỉnh. Kết quả cụ thể:</font></p>
{tab}
<p class=MsoNormal><font face="{f}" size=3>Các đề tài được nghiệm thu sẽ được chuyển giao kết quả cho địa phương ứng dụng.</font></p>"""
    uni = frontpage(
        "Nghiệm thu đề tài khoa học cấp tỉnh năm 2006",
        body,
        site_name="Sở Khoa học và Công nghệ Bắc Kạn",
        charset=None,
        font=f,
    )
    return {
        "id": "html_frontpage_tcvn3_nocharset",
        "family": "frontpage",
        "classes": [5],
        "site": None,
        "note": "whole page in TCVN3/ABC with <font face=.VnTime>, no charset anywhere; acceptance grades",
        "tasks": ts,
        "page": encode_tcvn3(uni),
    }


@case
def frontpage_vni_cp1252() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu trồng thử nghiệm cây thạch đen tại huyện Thạch An",
                "Trạm Khuyến nông huyện Thạch An",
                "Bế Thị Lan",
                "KS.",
                start="2009-01",
                end="2010-12",
                budget=190 * TR,
            ),
            T(
                "Ứng dụng công nghệ khí sinh học xử lý chất thải chăn nuôi quy mô hộ gia đình",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Cao Bằng",
                "Hoàng Văn Thái",
                "KS.",
                start="2009-03",
                end="2011-02",
                budget=260 * TR,
            ),
            T(
                "Điều tra đánh giá nguồn gen cây hồi tại huyện Trùng Khánh",
                "Chi cục Lâm nghiệp tỉnh Cao Bằng",
                "Nông Thị Mai",
                "ThS.",
                start="2009-02",
                end="2010-12",
                budget=150 * TR,
            ),
        ],
        "456/QĐ-UBND",
        "2009-03-20",
    )
    f = "VNI-Times"
    tab = _legacy_table(
        ts,
        ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Chủ nhiệm", "Thời gian thực hiện", "Kinh phí (triệu đồng)"],
        lambda t, i: [
            str(i),
            t["exp"]["title"],
            t["exp"]["host_org"],
            pi_cell(t),
            period(t),
            million(t["exp"]["budget_vnd"]),
        ],
        f,
    )
    body = f"""<p class=MsoNormal align=center style='text-align:center'><b><font face="{f}" size=4>DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH NĂM 2009</font></b></p>
<p class=MsoNormal align=center style='text-align:center'><i><font face="{f}" size=3>(Kèm theo Quyết định số 456/QĐ-UBND ngày 20 tháng 3 năm 2009 của UBND tỉnh Cao Bằng)</font></i></p>
{tab}"""
    uni = frontpage(
        "Danh mục nhiệm vụ KH&CN cấp tỉnh năm 2009",
        body,
        site_name="Sở Khoa học và Công nghệ Cao Bằng",
        charset="windows-1252",
        font=f,
    )
    return {
        "id": "html_frontpage_vni_cp1252",
        "family": "frontpage",
        "classes": [1, 5],
        "site": None,
        "note": "whole page in VNI-Windows (VNI-Times) declared windows-1252; decision in a '(Kèm theo Quyết định …)' line",
        "tasks": ts,
        "page": encode_vni(uni),
    }


@case
def aspnet_vni_nocharset() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu trồng sâm dây dưới tán rừng tại huyện Kon Plông",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Kon Tum",
                "Trần Văn Nam",
                "KS.",
                kind="research_topic",
                grade="good",
            ),
            T(
                "Xây dựng mô hình nuôi heo rừng lai tại huyện Đắk Tô",
                "Trạm Khuyến nông huyện Đắk Tô",
                "A Lưu",
                None,
                kind="research_topic",
                grade="pass",
            ),
            T(
                "Điều tra hiện trạng bệnh sốt rét ở vùng biên giới huyện Sa Thầy",
                "Trung tâm Phòng chống sốt rét tỉnh Kon Tum",
                "Phan Văn Định",
                "ThS.",
                kind="research_topic",
                grade="good",
            ),
        ]
    )
    f = "VNI-Times"
    rows = "\n".join(
        f"<tr><td>{i}</td><td>{t['exp']['title']}</td><td>{pi_cell(t)}</td><td>{t['exp']['host_org']}</td>"
        f"<td>{t['grade_show']}</td></tr>"
        for i, t in enumerate(ts, 1)
    )
    body = f"""<p style="font-family:'{f}'; font-size:12pt">Vừa qua, Sở Khoa học và Công nghệ đã tổ chức nghiệm thu 03 đề tài khoa học cấp tỉnh năm 2010, kết quả như sau:</p>
<table border="1" cellspacing="0" cellpadding="3" style="font-family:'{f}'; font-size:11pt">
<tr><td><b>STT</b></td><td><b>Tên đề tài</b></td><td><b>Chủ nhiệm</b></td><td><b>Đơn vị chủ trì</b></td><td><b>Kết quả nghiệm thu</b></td></tr>
{rows}
</table>"""
    uni = aspnet(
        "Nghiệm thu đề tài khoa học cấp tỉnh năm 2010",
        "18-11-2010",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
        section="Tin tức",
        charset=None,
        head_extra=f"<style>body, td, p {{ font-family: '{f}'; }}</style>\n",
    )
    return {
        "id": "html_aspnet_vni_nocharset",
        "family": "aspnet",
        "classes": [5],
        "site": None,
        "note": "whole page in VNI-Windows (font-family VNI-Times in CSS), served with no charset; grades",
        "tasks": ts,
        "page": encode_vni(uni),
    }


# ------------------------------------------------------------------ class 6: lists written as paragraph blocks


@case
def wordpress_paragraph_blocks_tuyenchon() -> dict:
    ts = [
        T(
            "Nghiên cứu xây dựng bộ chỉ số đánh giá năng lực đổi mới sáng tạo cấp huyện tỉnh Tuyên Quang",
            "Viện Chiến lược và Chính sách khoa học và công nghệ",
            "Trần Thị Minh Nguyệt",
            "TS.",
            kind="research_topic",
            start="2025-03",
            end="2027-08",
            budget=870 * TR,
            state=650 * TR,
            period="thực hiện trong 30 tháng (03/2025 – 08/2027)",
            money="Tổng kinh phí 870 triệu đồng (ngân sách sự nghiệp KH&amp;CN tỉnh: 650 triệu đồng)",
        ),
        T(
            "Nghiên cứu thực trạng và giải pháp bảo tồn tiếng nói, chữ viết của dân tộc Pà Thẻn",
            "Trường Đại học Tân Trào",
            "Chẩu Văn Hải",
            "ThS.",
            kind="research_topic",
            start="2025-04",
            end="2027-03",
            budget=540 * TR,
            state=540 * TR,
            period="24 tháng (04/2025 – 03/2027)",
            money="540 triệu đồng, toàn bộ từ ngân sách sự nghiệp khoa học và công nghệ tỉnh",
        ),
        T(
            "Hoàn thiện quy trình sản xuất giống lợn đen Lâm Bình theo chuỗi liên kết",
            "Hợp tác xã Chăn nuôi Lâm Bình",
            "Ma Văn Đức",
            "KS.",
            kind="trial_production_project",
            start="2025-01",
            end="2027-12",
            budget=2_950 * TR,
            state=1_200 * TR,
            period="36 tháng (01/2025 – 12/2027)",
            money="Tổng kinh phí 2.950 triệu đồng, trong đó ngân sách nhà nước hỗ trợ 1.200 triệu đồng",
        ),
        T(
            "Hoàn thiện công nghệ sản xuất chè xanh Vinh Quang dạng viên nén",
            "Công ty Cổ phần Chè Vinh Quang",
            "Hoàng Thị Yến",
            None,
            kind="trial_production_project",
            start="2025-03",
            end="2027-02",
            budget=1_860 * TR,
            state=700 * TR,
            period="24 tháng (03/2025 – 02/2027)",
            money="Tổng kinh phí 1.860 triệu đồng (ngân sách sự nghiệp KH&amp;CN tỉnh: 700 triệu đồng)",
        ),
    ]

    def block(t: dict, n: int) -> str:
        e = t["exp"]
        return (
            f"<p><strong>{n}. Tên nhiệm vụ:</strong> {esc(e['title'])}</p>\n"
            f"<p>– Tổ chức chủ trì: {esc(e['host_org'])}</p>\n<p>– Chủ nhiệm: {esc(pi_cell(t))}</p>\n"
            f"<p>– Thời gian thực hiện: {t['period']}</p>\n<p>– Kinh phí: {t['money']}</p>"
        )

    body = f"""<p>Căn cứ Quyết định số 35/2022/QĐ-UBND ngày 18/10/2022 của UBND tỉnh ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ; căn cứ kết quả làm việc của các Hội đồng khoa học và công nghệ tư vấn tuyển chọn, Sở Khoa học và Công nghệ thông báo kết quả tuyển chọn tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025 (Thông báo số 312/TB-SKHCN ngày 20/12/2024) như sau:</p>
<h3>I. ĐỀ TÀI KHOA HỌC VÀ CÔNG NGHỆ</h3>
{block(ts[0], 1)}
{block(ts[1], 2)}
<h3>II. DỰ ÁN SẢN XUẤT THỬ NGHIỆM</h3>
{block(ts[2], 1)}
{block(ts[3], 2)}
<p>Đề nghị các tổ chức, cá nhân trúng tuyển hoàn thiện hồ sơ theo ý kiến của Hội đồng, gửi về Sở trước ngày 15/01/2025.</p>"""
    page = wordpress(
        "Thông báo kết quả tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN cấp tỉnh năm 2025",
        "23/12/2024",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_paragraph_blocks_tuyenchon",
        "family": "wordpress",
        "classes": [1, 2, 6],
        "site": None,
        "note": "numbered paragraph blocks under kind headings (numbering restarts); periods and money as sentences; only a Thông báo number, no decision",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_paragraph_blocks_br() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu tạo chế phẩm trà túi lọc từ lá cây Giảo cổ lam Mẫu Sơn",
                "Trường Cao đẳng Y tế Lạng Sơn",
                "Lương Thị Hải Yến",
                "ThS.",
                kind="research_topic",
                start="2024-10",
                end="2026-09",
                budget=1_150 * TR,
                state=920 * TR,
                period="từ tháng 10/2024 đến tháng 9/2026",
                money="1.150 triệu đồng (trong đó: ngân sách sự nghiệp khoa học tỉnh 920 triệu đồng; nguồn khác 230 triệu đồng)",
            ),
            T(
                "Đánh giá hiện trạng và đề xuất giải pháp quản lý chất thải rắn nông thôn tại huyện Cao Lộc",
                "Trung tâm Quan trắc tài nguyên và môi trường tỉnh Lạng Sơn",
                "Vy Văn Tuấn",
                "KS.",
                kind="research_topic",
                start="2024-10",
                end="2026-03",
                budget=780 * TR,
                period="từ tháng 10/2024 đến tháng 3/2026",
                money="780 triệu đồng",
            ),
            T(
                "Nghiên cứu xây dựng mô hình quản lý cửa khẩu thông minh tại cửa khẩu Tân Thanh",
                "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
                "Hoàng Minh Phúc",
                "TS.",
                kind="research_topic",
                start="2024-11",
                end="2026-04",
                budget=1_450 * TR,
                period="18 tháng, từ tháng 11/2024 đến tháng 4/2026",
                money="1,45 tỷ đồng",
            ),
        ],
        "1705/QĐ-UBND",
        "2024-09-12",
    )
    blocks = "\n".join(
        f"<p><b>{n}. Tên đề tài: {esc(t['exp']['title'])}</b><br />"
        f"- Đơn vị chủ trì: {esc(t['exp']['host_org'])}<br />- Chủ nhiệm đề tài: {esc(pi_cell(t))}<br />"
        f"- Thời gian: {t['period']}<br />- Tổng kinh phí: {t['money']}</p>"
        for n, t in enumerate(ts, 1)
    )
    body = f"""<p>Ngày 12/9/2024, Ủy ban nhân dân tỉnh Lạng Sơn ban hành Quyết định số 1705/QĐ-UBND phê duyệt kết quả tuyển chọn tổ chức, cá nhân chủ trì thực hiện đề tài khoa học và công nghệ cấp tỉnh năm 2025, gồm các đề tài sau:</p>
{blocks}
<p>Giao Sở Khoa học và Công nghệ thẩm định nội dung, kinh phí và ký hợp đồng thực hiện.</p>"""
    page = nukeviet(
        "Phê duyệt kết quả tuyển chọn đề tài KH&amp;CN cấp tỉnh năm 2025",
        "Thứ hai - 16/09/2024 14:02",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lạng Sơn",
        views="642",
    )
    return {
        "id": "html_nukeviet_paragraph_blocks_br",
        "family": "nukeviet",
        "classes": [1, 6],
        "site": None,
        "note": "each đề tài one <p> with <br> lines ('Tên đề tài', 'Đơn vị chủ trì', 'Chủ nhiệm đề tài', 'Tổng kinh phí'); 'từ tháng … đến tháng …'; '1,45 tỷ đồng'",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_paragraph_blocks_inline() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu đánh giá thực trạng và giải pháp nâng cao chất lượng dân số vùng đồng bào Mông",
                "Trung tâm Kiểm soát bệnh tật tỉnh Hà Giang",
                "Thào Thị Dua",
                "ThS.",
                kind="research_topic",
                start="2024-05",
                end="2026-04",
                budget=690 * TR,
                period="thực hiện trong 24 tháng (05/2024 – 04/2026)",
                money="690 triệu đồng",
            ),
            T(
                "Nghiên cứu xây dựng quy trình canh tác tam thất hoang theo hướng hữu cơ tại huyện Hoàng Su Phì",
                "Viện Dược liệu",
                "Lê Thanh Sơn",
                "PGS.TS.",
                kind="research_topic",
                start="2024-05",
                end="2026-10",
                budget=1_320 * TR,
                state=1_020 * TR,
                period="30 tháng (05/2024 – 10/2026)",
                money="Tổng kinh phí 1.320 triệu đồng (ngân sách sự nghiệp KH&amp;CN tỉnh: 1.020 triệu đồng)",
            ),
            T(
                "Ứng dụng công nghệ chiếu sáng LED thông minh trong nuôi trồng nấm đông trùng hạ thảo",
                "Công ty TNHH Nông nghiệp xanh Vị Xuyên",
                "Nguyễn Thanh Tùng",
                "KS.",
                kind="st_project",
                start="2024-06",
                end="2026-05",
                budget=1_780 * TR,
                state=980 * TR,
                period="24 tháng (06/2024 – 05/2026)",
                money="Tổng kinh phí 1.780 triệu đồng (ngân sách sự nghiệp KH&amp;CN tỉnh: 980 triệu đồng)",
            ),
        ],
        "905/QĐ-UBND",
        "2024-04-27",
    )

    def block(t: dict, n: int, label: str) -> str:
        e = t["exp"]
        return (
            f"<p>{n}. {label}: {esc(e['title'])} – Tổ chức chủ trì: {esc(e['host_org'])} – "
            f"Chủ nhiệm: {esc(pi_cell(t))} – Thời gian thực hiện: {t['period']} – Kinh phí: {t['money']}.</p>"
        )

    body = f"""<p><strong>Quyết định số 905/QĐ-UBND ngày 27/4/2024 của UBND tỉnh Hà Giang phê duyệt tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện năm 2024</strong></p>
<p>Theo Quyết định, có 03 nhiệm vụ được phê duyệt, cụ thể:</p>
<p><strong>A. ĐỀ TÀI</strong></p>
{block(ts[0], 1, "Tên đề tài")}
{block(ts[1], 2, "Tên đề tài")}
<p><strong>B. DỰ ÁN KHOA HỌC VÀ CÔNG NGHỆ</strong></p>
{block(ts[2], 1, "Tên dự án")}"""
    page = liferay(
        "Phê duyệt tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN cấp tỉnh năm 2024",
        "02/05/2024 10:45",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="377",
    )
    return {
        "id": "html_liferay_paragraph_blocks_inline",
        "family": "liferay",
        "classes": [1, 2, 6],
        "site": None,
        "note": "each task one paragraph with '–'-separated labels ('Tên đề tài' / 'Tên dự án'), kind headings A/B, restart numbering; decision in <strong>",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ class 7: an unrelated table beside the task table


@case
def drupal_two_tables_contacts() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu ứng dụng vi sinh vật đối kháng phòng trừ bệnh héo xanh hại cây gừng tại huyện Chợ Đồn",
                "Viện Bảo vệ thực vật",
                "Trần Thị Thu Hà",
                "TS.",
                kind="research_topic",
                grade="good",
            ),
            T(
                "Xây dựng cơ sở dữ liệu di tích lịch sử - văn hóa tỉnh Bắc Kạn trên nền tảng GIS",
                "Bảo tàng tỉnh Bắc Kạn",
                "Hà Thị Thu Hằng",
                "ThS.",
                kind="research_topic",
                grade="pass",
            ),
            T(
                "Nghiên cứu biện pháp kỹ thuật nâng cao năng suất cây dong riềng tại huyện Na Rì",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Nguyễn Văn Tuấn",
                "PGS.TS.",
                kind="research_topic",
                grade="excellent",
            ),
        ]
    )
    body = f"""<p>Trong hai ngày 18 - 19/10/2023, Sở Khoa học và Công nghệ đã tổ chức nghiệm thu 03 đề tài khoa học cấp tỉnh. Kết quả:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên đề tài", c_title),
                ("Đơn vị chủ trì", c_org),
                ("Chủ nhiệm đề tài", c_pi),
                ("Kết quả nghiệm thu", c_grade),
            ],
            ts,
        )
    }
<p>Mọi thông tin chi tiết xin liên hệ:</p>
<table border="1" cellpadding="4" cellspacing="0" width="100%">
<tr><th>Họ và tên</th><th>Chức vụ</th><th>Điện thoại</th><th>Email</th></tr>
<tr><td>Hoàng Thị Nguyệt</td><td>Trưởng phòng Quản lý khoa học</td><td>0209.3870.235</td><td>nguyetht@backan.gov.vn</td></tr>
<tr><td>Lục Văn Khang</td><td>Chuyên viên</td><td>0209.3870.236</td><td>khanglv@backan.gov.vn</td></tr>
</table>"""
    page = drupal(
        "Nghiệm thu 03 đề tài khoa học cấp tỉnh",
        "Thứ sáu, 20/10/2023 - 15:30",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">23°C</span> Có mây. Độ ẩm 80%',
        views="845",
    )
    return {
        "id": "html_drupal_two_tables_contacts",
        "family": "drupal",
        "classes": [7],
        "site": "drupal_backan",
        "note": "acceptance table of đề tài followed by a contacts table (names, posts, phones) that must yield nothing",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_two_tables_schedule() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xây dựng mô hình trồng cây Hoa hồi kết hợp nuôi ong tại huyện Trùng Khánh",
                "Trung tâm Khuyến nông tỉnh Cao Bằng",
                "Đinh Văn Tường",
                "ThS.",
                start="2024-01",
                end="2025-12",
                budget=760 * TR,
            ),
            T(
                "Ứng dụng công nghệ thông tin trong quản lý hồ sơ địa chính cấp xã tỉnh Cao Bằng",
                "Văn phòng Đăng ký đất đai tỉnh Cao Bằng",
                "Mạc Thị Hường",
                "KS.",
                start="2024-03",
                end="2025-02",
                budget=420 * TR,
            ),
            T(
                "Nghiên cứu giải pháp phát triển du lịch cộng đồng gắn với Công viên địa chất non nước Cao Bằng",
                "Trường Cao đẳng Sư phạm Cao Bằng",
                "Hoàng Thị Nhung",
                "TS.",
                start="2024-02",
                end="2025-07",
                budget=580 * TR,
            ),
        ],
        "2215/QĐ-UBND",
        "2023-12-28",
    )
    body = f"""<p>Ủy ban nhân dân tỉnh đã phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 theo Quyết định số 2215/QĐ-UBND ngày 28/12/2023, gồm:</p>
{table(STD, ts, attrs='class="ms-rteTable-default" width="100%"')}"""
    schedule = """<div class="ms-webpart-zone"><div class="ms-webpart-chrome"><h2 class="ms-webpart-titleText">Lịch công tác tuần của Lãnh đạo Sở</h2>
<table class="ms-listviewtable" width="100%"><tr><th>Thời gian</th><th>Nội dung</th><th>Địa điểm</th><th>Chủ trì</th></tr>
<tr><td>Thứ hai 08/01/2024 - 8h00</td><td>Giao ban đầu tuần</td><td>Phòng họp tầng 2</td><td>Giám đốc Sở</td></tr>
<tr><td>Thứ ba 09/01/2024 - 14h00</td><td>Làm việc với UBND huyện Hà Quảng về mô hình ứng dụng</td><td>Huyện Hà Quảng</td><td>Phó Giám đốc Nông Văn Tùng</td></tr>
<tr><td>Thứ năm 11/01/2024 - 8h30</td><td>Hội nghị triển khai nhiệm vụ năm 2024</td><td>Hội trường UBND tỉnh</td><td>Giám đốc Sở</td></tr>
</table></div></div>"""
    page = sharepoint(
        "Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024",
        "05/01/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
        extra_zone=schedule,
    )
    return {
        "id": "html_sharepoint_two_tables_schedule",
        "family": "sharepoint",
        "classes": [1, 7],
        "site": None,
        "note": "task table in the rich-text field and a weekly work schedule table in another web part zone",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_two_tables_stats() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu ứng dụng giống lúa Séng cù chất lượng cao tại huyện Mường Khương",
                "Trung tâm Giống nông lâm nghiệp Lào Cai",
                "Tráng A Pao",
                "KS.",
                grade="good",
            ),
            T(
                "Đánh giá tác động của biến đổi khí hậu đến sinh kế người dân vùng cao huyện Si Ma Cai",
                "Trường Đại học Tài nguyên và Môi trường Hà Nội",
                "Đoàn Mạnh Trường",
                "PGS.TS.",
                grade="pass",
            ),
            T(
                "Xây dựng mô hình trồng rau an toàn theo tiêu chuẩn VietGAP tại thị xã Sa Pa",
                "Hợp tác xã Nông nghiệp Tả Van",
                "Giàng Thị Mỷ",
                None,
                grade="good",
            ),
        ]
    )
    body = f"""<p>Sở Khoa học và Công nghệ Lào Cai công bố kết quả đánh giá, nghiệm thu các nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2023:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Xếp loại", c_grade),
            ],
            ts,
            attrs='class="table table-bordered"',
        )
    }
<p>Tin, ảnh: Phòng Quản lý khoa học.</p>"""
    page = nukeviet(
        "Kết quả nghiệm thu nhiệm vụ KH&amp;CN cấp tỉnh năm 2023",
        "Thứ năm - 04/01/2024 16:40",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="1.377",
        stats_table=True,
    )
    return {
        "id": "html_nukeviet_two_tables_stats",
        "family": "nukeviet",
        "classes": [7],
        "site": None,
        "note": "acceptance table in the article and a visitor-statistics table in the sidebar (generic adapter reads the whole body)",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ class 8: unusual but real header wordings


@case
def aspnet_unusual_headers_twolevel() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu quy trình sản xuất cam Vinh sạch bệnh từ vật liệu nuôi cấy đỉnh sinh trưởng",
                "Trung tâm Nghiên cứu cây ăn quả Phủ Quỳ",
                "Thái Văn Hòa",
                "TS.",
                start="2024-01",
                end="2026-12",
                budget=1_890 * TR,
                state=1_500 * TR,
            ),
            T(
                "Xây dựng hệ thống thông tin giám sát an toàn thực phẩm trên địa bàn tỉnh Nghệ An",
                "Chi cục An toàn vệ sinh thực phẩm Nghệ An",
                "Hồ Thị Quỳnh",
                "ThS.",
                start="2024-03",
                end="2026-02",
                budget=1_100 * TR,
                state=1_100 * TR,
            ),
            T(
                "Nghiên cứu bảo tồn và phát huy giá trị dân ca ví, giặm trong trường học",
                "Trường Đại học Vinh",
                "Nguyễn Thị Hải Yến",
                "PGS.TS.",
                start="2024-02",
                end="2026-01",
                budget=760 * TR,
                state=760 * TR,
            ),
            T(
                "Ứng dụng công nghệ nano bạc trong bảo quản quả cam sau thu hoạch",
                "Công ty Cổ phần Nông sản Nghĩa Đàn",
                "Lê Đình Phúc",
                "KS.",
                start="2024-04",
                end="2025-09",
                budget=2_400 * TR,
                state=950 * TR,
            ),
        ],
        "4120/QĐ-UBND",
        "2023-12-27",
    )
    header = (
        '<tr><th rowspan="2">Số TT</th><th rowspan="2">Tên nhiệm vụ KH&amp;CN</th>'
        '<th rowspan="2">Cơ quan chủ trì thực hiện</th><th rowspan="2">Cá nhân chủ nhiệm</th>'
        '<th rowspan="2">Thời gian bắt đầu – kết thúc</th><th colspan="2">Dự toán kinh phí (tr.đ)</th></tr>'
        "<tr><th>Tổng số</th><th>Trong đó NSNN</th></tr>"
    )
    tab = table(
        [
            ("", c_no),
            ("", c_title),
            ("", c_org),
            ("", c_pi),
            ("", lambda t, n: f"{mm(t['exp']['start_date'])} – {mm(t['exp']['end_date'])}"),
            ("", c_money),
            ("", c_state),
        ],
        ts,
        header_rows=header,
        attrs='border="1" cellspacing="0" cellpadding="2" style="width:100%;border-collapse:collapse"',
    )
    body = f"""<p>Thực hiện Quyết định số 4120/QĐ-UBND ngày 27/12/2023 của UBND tỉnh Nghệ An về việc phê duyệt danh mục, tổ chức và cá nhân chủ trì, kinh phí thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024, Sở Khoa học và Công nghệ thông báo danh mục như sau:</p>
{tab}"""
    page = aspnet(
        "Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024",
        "03-01-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Nghệ An",
    )
    return {
        "id": "html_aspnet_unusual_headers_twolevel",
        "family": "aspnet",
        "classes": [1, 8],
        "site": None,
        "note": "two-row header: 'Cơ quan chủ trì thực hiện', 'Cá nhân chủ nhiệm', 'Thời gian bắt đầu – kết thúc', 'Dự toán kinh phí (tr.đ)' over Tổng số / Trong đó NSNN",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_unusual_headers_split_dates() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng công nghệ sấy lạnh bảo quản quả mận Mộc Châu",
            "Trường Đại học Tây Bắc",
            "Cầm Thị Phượng",
            "TS.",
            code="SL.ĐT.01/24",
            kind="research_topic",
            start="2024-01",
            end="2025-12",
            budget=1_240 * TR,
            note="Tuyển chọn",
        ),
        T(
            "Đánh giá thực trạng và giải pháp phát triển cà phê đặc sản Sơn La",
            "Viện Khoa học Kỹ thuật Nông lâm nghiệp miền núi phía Bắc",
            "Vì Văn Khánh",
            "ThS.",
            code="SL.ĐT.02/24",
            kind="research_topic",
            start="2024-03",
            end="2026-02",
            budget=980 * TR,
            note="Giao trực tiếp",
        ),
        T(
            "Nghiên cứu nhân giống cây Sơn tra bằng phương pháp ghép tại huyện Bắc Yên",
            "Trung tâm Khuyến nông tỉnh Sơn La",
            "Lò Văn Hặc",
            "KS.",
            code="SL.ĐT.03/24",
            kind="research_topic",
            start="2024-02",
            end="2025-07",
            budget=610 * TR,
            note="",
        ),
    ]
    body = f"""<p>Sở Khoa học và Công nghệ Sơn La công bố danh mục đề tài khoa học cấp tỉnh bắt đầu thực hiện năm 2024:</p>
{
        table(
            [
                ("Mã số", c_code),
                ("Nhiệm vụ", c_title),
                ("Đơn vị thực hiện", c_org),
                ("Người chủ trì", c_pi),
                ("Bắt đầu", c_start),
                ("Kết thúc", c_end),
                ("Tổng vốn (tr.đ)", c_money),
                ("Ghi chú", lambda t, n: t["note"]),
            ],
            ts,
            attrs='class="table table-striped" border="1"',
        )
    }"""
    page = liferay(
        "Danh mục đề tài khoa học cấp tỉnh bắt đầu thực hiện năm 2024",
        "22/01/2024 08:05",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Sơn La",
        views="268",
    )
    return {
        "id": "html_liferay_unusual_headers_split_dates",
        "family": "liferay",
        "classes": [8],
        "site": None,
        "note": "headers 'Nhiệm vụ', 'Đơn vị thực hiện', 'Người chủ trì', 'Bắt đầu'/'Kết thúc' in two columns, 'Tổng vốn (tr.đ)'; no STT column",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ negatives: pages that list no task


@case
def drupal_news_no_tasks() -> dict:
    body = """<p>Sáng 21/3/2024, Sở Khoa học và Công nghệ tổ chức Hội nghị tổng kết công tác khoa học và công nghệ năm 2023, triển khai nhiệm vụ năm 2024.</p>
<p>Năm 2023, Sở đã tham mưu UBND tỉnh phê duyệt 12 nhiệm vụ khoa học và công nghệ cấp tỉnh mở mới; tổ chức nghiệm thu 15 nhiệm vụ, trong đó 3 nhiệm vụ xếp loại xuất sắc, 9 nhiệm vụ xếp loại khá. Công tác quản lý nhà nước về tiêu chuẩn đo lường chất lượng, sở hữu trí tuệ tiếp tục được tăng cường.</p>
<p>Phát biểu tại hội nghị, đồng chí Phó Chủ tịch UBND tỉnh đề nghị ngành tập trung đổi mới cơ chế đặt hàng theo Quyết định số 1950/QĐ-UBND, gắn nhiệm vụ với nhu cầu thực tiễn của địa phương.</p>
<p>Dịp này, 5 tập thể và 7 cá nhân được tặng Giấy khen của Giám đốc Sở.</p>"""
    page = drupal(
        "Hội nghị tổng kết công tác khoa học và công nghệ năm 2023",
        "Thứ năm, 21/03/2024 - 11:20",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">21°C</span> Mưa phùn. Độ ẩm 90%',
        views="512",
    )
    return {
        "id": "html_drupal_news_no_tasks",
        "family": "drupal",
        "classes": [],
        "site": "drupal_backan",
        "note": "negative: a year-end conference report with counts of tasks but no task named",
        "tasks": [],
        "page": page,
    }


@case
def wordpress_news_training_tables() -> dict:
    body = """<p>Thực hiện Kế hoạch năm 2024, Sở Khoa học và Công nghệ tổ chức lớp tập huấn nghiệp vụ quản lý nhiệm vụ khoa học và công nghệ cho cán bộ các sở, ngành, huyện.</p>
<p><strong>Chương trình tập huấn</strong></p>
<table class="has-fixed-layout"><thead><tr><th>Thời gian</th><th>Nội dung</th><th>Báo cáo viên</th></tr></thead><tbody>
<tr><td>8h00 - 9h30</td><td>Quy trình xác định, tuyển chọn nhiệm vụ khoa học và công nghệ cấp tỉnh</td><td>ThS. Lê Thu Hà - Trưởng phòng Quản lý khoa học</td></tr>
<tr><td>9h45 - 11h00</td><td>Hướng dẫn lập dự toán kinh phí nhiệm vụ</td><td>CN. Phạm Văn Hưng - Phòng Kế hoạch - Tài chính</td></tr>
<tr><td>14h00 - 16h30</td><td>Đánh giá, nghiệm thu và công nhận kết quả</td><td>TS. Nguyễn Quang Huy - Phó Giám đốc Sở</td></tr>
</tbody></table>
<p><strong>Đầu mối liên hệ</strong></p>
<table class="has-fixed-layout"><tbody>
<tr><td>Họ và tên</td><td>Đơn vị</td><td>Điện thoại</td></tr>
<tr><td>Trần Thị Mai</td><td>Văn phòng Sở</td><td>0207.3822.118</td></tr>
</tbody></table>"""
    page = wordpress(
        "Tập huấn nghiệp vụ quản lý nhiệm vụ khoa học và công nghệ năm 2024",
        "12/04/2024",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_news_training_tables",
        "family": "wordpress",
        "classes": [7],
        "site": None,
        "note": "negative: a training programme table (times, topics, speakers with titles) and a contacts table",
        "tasks": [],
        "page": page,
    }


@case
def dnn_call_for_proposals_dossier() -> dict:
    body = """<p>Sở Khoa học và Công nghệ thông báo đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2026. Các tổ chức, cá nhân gửi phiếu đề xuất theo mẫu, thành phần hồ sơ gồm:</p>
<table border="1" cellspacing="0" cellpadding="3"><tr><td><b>TT</b></td><td><b>Thành phần hồ sơ</b></td><td><b>Số lượng</b></td><td><b>Ghi chú</b></td></tr>
<tr><td>1</td><td>Phiếu đề xuất nhiệm vụ khoa học và công nghệ (Mẫu A1-ĐXNV)</td><td>01 bản gốc</td><td>Có chữ ký, đóng dấu</td></tr>
<tr><td>2</td><td>Báo cáo luận giải sự cần thiết của nhiệm vụ</td><td>01 bản</td><td></td></tr>
<tr><td>3</td><td>Văn bản xác nhận nhu cầu của đơn vị ứng dụng</td><td>01 bản</td><td>Nếu có</td></tr></table>
<p>Thời hạn nhận hồ sơ: trước ngày 30/6/2025 tại Phòng Quản lý khoa học.</p>"""
    page = dnn(
        "Thông báo đề xuất đặt hàng nhiệm vụ KH&amp;CN cấp tỉnh thực hiện từ năm 2026",
        "5/12/2025 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="1.045",
    )
    return {
        "id": "html_dnn_call_for_proposals_dossier",
        "family": "dnn",
        "classes": [7],
        "site": "dnn_thainguyen",
        "note": "negative: a call for proposals whose only table lists the dossier's documents",
        "tasks": [],
        "page": page,
    }


# ------------------------------------------------------------------ second wordings, levels, money and text forms


@case
def drupal_decision_strong_bosung() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu ứng dụng đệm lót sinh học trong chăn nuôi gà thả vườn tại huyện Bạch Thông",
                "Trung tâm Dịch vụ nông nghiệp huyện Bạch Thông",
                "Hà Văn Quỳnh",
                "KS.",
                code="BK.ĐT.05/2024",
                start="2024-09",
                end="2026-08",
                budget=735 * TR,
            ),
            T(
                "Đánh giá khả năng thích ứng của giống dẻ Trùng Khánh trồng tại huyện Ngân Sơn",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Phạm Thị Thu Hương",
                "TS.",
                code="BK.ĐT.06/2024",
                start="2024-09",
                end="2027-08",
                budget=1_085 * TR,
            ),
        ],
        "1288/QĐ-UBND",
        "2024-07-04",
    )
    body = f"""<p>(khcnbackan) - <strong>UBND tỉnh vừa ban hành Quyết định số 1288/QĐ-UBND ngày 04/7/2024 phê duyệt bổ sung danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2024.</strong></p>
<p>Hai nhiệm vụ dưới đây được bổ sung vào danh mục đã phê duyệt tại Quyết định số 2355/QĐ-UBND ngày 20/12/2023; các nội dung khác của Quyết định số 2355/QĐ-UBND giữ nguyên hiệu lực.</p>
{
        table(
            [
                ("TT", c_no),
                ("Mã số", c_code),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
        )
    }"""
    page = drupal(
        "Bổ sung danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện từ năm 2024",
        "Thứ hai, 08/07/2024 - 14:10",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">33°C</span> Nắng. Độ ẩm 60%',
        views="433",
    )
    return {
        "id": "html_drupal_decision_strong_bosung",
        "family": "drupal",
        "classes": [1],
        "site": "drupal_backan",
        "note": "supplementing decision in <strong>; the decision it supplements is named twice after it; task codes",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_titleblock_related_documents() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xây dựng quy trình sản xuất rau cải mèo an toàn tại huyện Đồng Văn",
                "Trung tâm Khuyến nông tỉnh Hà Giang",
                "Lý Thị Dở",
                "KS.",
                start="2023-03",
                end="2024-12",
                budget=640 * TR,
                grade="good",
            ),
            T(
                "Đánh giá hiệu quả điều trị thoái hóa khớp gối bằng phương pháp y học cổ truyền tại Bệnh viện Y dược cổ truyền tỉnh",
                "Bệnh viện Y dược cổ truyền tỉnh Hà Giang",
                "Đặng Thị Hồng",
                "ThS.",
                start="2023-01",
                end="2024-06",
                budget=410 * TR,
                grade="excellent",
            ),
            T(
                "Ứng dụng mã QR truy xuất nguồn gốc sản phẩm cam sành Bắc Quang",
                "Hội Nông dân huyện Bắc Quang",
                "Hoàng Văn Thịnh",
                None,
                start="2023-04",
                end="2024-09",
                budget=380 * TR,
                grade="pass",
            ),
        ],
        "2754/QĐ-UBND",
        "2024-12-26",
    )
    graded(ts)
    body = f"""<p style="text-align:center"><strong>DANH SÁCH NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH ĐƯỢC CÔNG NHẬN KẾT QUẢ</strong><br />
<em>(Ban hành kèm theo Quyết định số 2754/QĐ-UBND ngày 26/12/2024 của Chủ tịch UBND tỉnh Hà Giang)</em></p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
                ("Xếp loại", c_grade),
            ],
            ts,
            attrs='class="table table-bordered" border="1"',
        )
    }
<p><strong>Văn bản liên quan</strong></p>
<table class="table" border="1"><tr><th>Số ký hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th></tr>
<tr><td>1745/QĐ-UBND</td><td>12/9/2022</td><td>Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2023</td></tr>
<tr><td>96/TB-SKHCN</td><td>02/10/2024</td><td>Thông báo lịch đánh giá, nghiệm thu nhiệm vụ khoa học và công nghệ cấp tỉnh</td></tr></table>"""
    page = liferay(
        "Công nhận kết quả thực hiện nhiệm vụ KH&amp;CN cấp tỉnh năm 2024",
        "30/12/2024 16:20",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="219",
    )
    return {
        "id": "html_liferay_titleblock_related_documents",
        "family": "liferay",
        "classes": [1, 7],
        "site": None,
        "note": "decision in a '(Ban hành kèm theo Quyết định …)' title block above the table; a 'Văn bản liên quan' table of other decisions below",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_paragraph_labels_nhiemvu() -> dict:
    ts = [
        T(
            "Nghiên cứu sản xuất chế phẩm sinh học xử lý mùi hôi chuồng trại chăn nuôi lợn quy mô nông hộ",
            "Trung tâm Thông tin và Ứng dụng khoa học công nghệ tỉnh Cao Bằng",
            "Lương Thị Thơm",
            "ThS.",
            kind="research_topic",
            start="2025-01",
            end="2026-06",
            budget=560 * TR,
            period="18 tháng, từ tháng 01/2025 đến tháng 6/2026",
            money="560.000.000 đồng (Năm trăm sáu mươi triệu đồng)",
        ),
        T(
            "Hoàn thiện quy trình sản xuất thạch đen Thạch An đạt chứng nhận OCOP 4 sao",
            "Hợp tác xã Thạch đen Đức Long",
            "Nông Văn Khải",
            None,
            kind="trial_production_project",
            start="2025-03",
            end="2027-02",
            budget=2_200 * TR,
            state=880 * TR,
            period="24 tháng, từ tháng 3/2025 đến tháng 02/2027",
            money="2,2 tỷ đồng, trong đó kinh phí sự nghiệp khoa học hỗ trợ 880 triệu đồng",
        ),
    ]
    blocks = []
    for n, (t, label) in enumerate(zip(ts, ("đề tài", "dự án sản xuất thử nghiệm")), 1):
        e = t["exp"]
        blocks.append(f"""<p><strong>Nhiệm vụ {n}: {esc(e["title"])}</strong> ({label})</p>
<p>+ Cơ quan chủ trì: {esc(e["host_org"])}</p>
<p>+ Chủ nhiệm nhiệm vụ: {esc(pi_cell(t))}</p>
<p>+ Thời gian thực hiện: {t["period"]}</p>
<p>+ Kinh phí thực hiện: {t["money"]}</p>""")
    body = f"""<p>Căn cứ biên bản họp Hội đồng tư vấn tuyển chọn ngày 20/11/2024, Sở Khoa học và Công nghệ thông báo tổ chức, cá nhân trúng tuyển chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025 như sau:</p>
{chr(10).join(blocks)}
<p>Thông báo này thay thế Thông báo số 402/TB-SKHCN ngày 25/11/2024.</p>"""
    page = sharepoint(
        "Thông báo tổ chức, cá nhân trúng tuyển chủ trì nhiệm vụ KH&amp;CN cấp tỉnh năm 2025",
        "02/12/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_paragraph_labels_nhiemvu",
        "family": "sharepoint",
        "classes": [2, 6],
        "site": None,
        "note": "'Nhiệm vụ 1: <title> (đề tài)' blocks with '+' label lines; money as '560.000.000 đồng (…)' and '2,2 tỷ đồng, trong đó …'",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_national_programme() -> dict:
    ts = [
        T(
            "Ứng dụng tiến bộ khoa học và công nghệ xây dựng mô hình sản xuất giống và nuôi thương phẩm cá Chiên tại tỉnh Lào Cai",
            "Công ty TNHH Thủy sản Hoàng Liên",
            "Nguyễn Đức Lâm",
            "ThS.",
            level="national",
            kind="st_project",
            start="2024-01",
            end="2026-12",
            budget=6_450 * TR,
            state=3_900 * TR,
        ),
        T(
            "Xây dựng mô hình ứng dụng công nghệ nhân giống và trồng cây Lan kim tuyến dưới tán rừng tại huyện Văn Bàn",
            "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Lào Cai",
            "Sần Thị Hoa",
            "KS.",
            level="national",
            kind="st_project",
            start="2024-04",
            end="2026-09",
            budget=4_800 * TR,
            state=3_100 * TR,
        ),
    ]
    body = f"""<p>Bộ Khoa học và Công nghệ đã phê duyệt 02 dự án khoa học và công nghệ cấp quốc gia thuộc Chương trình hỗ trợ ứng dụng, chuyển giao tiến bộ khoa học và công nghệ thúc đẩy phát triển kinh tế - xã hội nông thôn, miền núi, vùng dân tộc thiểu số giai đoạn 2022 - 2025 do tỉnh Lào Cai quản lý, cụ thể:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên dự án", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm dự án", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Tổng kinh phí (triệu đồng)", c_money),
                ("Kinh phí NSNN Trung ương hỗ trợ (triệu đồng)", c_state),
            ],
            ts,
            attrs='class="table table-bordered"',
        )
    }
<p>Sở Khoa học và Công nghệ là cơ quan quản lý dự án tại địa phương.</p>"""
    page = nukeviet(
        "Lào Cai có 02 dự án thuộc Chương trình nông thôn miền núi được phê duyệt",
        "Thứ tư - 20/12/2023 09:30",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="744",
    )
    return {
        "id": "html_nukeviet_national_programme",
        "family": "nukeviet",
        "classes": [2],
        "site": None,
        "note": "national-level projects of the rural-mountain programme run by the province (level national, kind st_project from the lead); no decision number",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_grassroots_level() -> dict:
    ts = graded(
        [
            T(
                "Ứng dụng phần mềm quản lý văn bản điều hành tại Ủy ban nhân dân xã Ia Chim",
                "Ủy ban nhân dân xã Ia Chim",
                "Nguyễn Thị Thu Hà",
                "CN.",
                level="grassroots",
                grade="good",
            ),
            T(
                "Xây dựng mô hình trồng rau thủy canh hồi lưu tại hộ gia đình phường Ngô Mây",
                "Hội Liên hiệp phụ nữ thành phố Kon Tum",
                "Y Hoa",
                None,
                level="grassroots",
                grade="pass",
            ),
            T(
                "Khảo sát nhu cầu đào tạo nghề của thanh niên dân tộc thiểu số thành phố Kon Tum",
                "Trường Trung cấp Nghề Kon Tum",
                "Trần Minh Khoa",
                "ThS.",
                level="grassroots",
                grade="good",
            ),
        ]
    )
    body = f"""<p>Ngày 15/10/2024, Hội đồng khoa học và công nghệ thành phố Kon Tum đã tổ chức nghiệm thu 03 nhiệm vụ khoa học và công nghệ cấp cơ sở năm 2024. Kết quả:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Đơn vị chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Kết quả", c_grade),
            ],
            ts,
            attrs='border="1" cellpadding="3" cellspacing="0"',
        )
    }"""
    page = aspnet(
        "Nghiệm thu nhiệm vụ khoa học và công nghệ cấp cơ sở năm 2024",
        "17-10-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
        section="Tin hoạt động",
    )
    return {
        "id": "html_aspnet_grassroots_level",
        "family": "aspnet",
        "classes": [],
        "site": "aspnet_kontum",
        "note": "grassroots-level (cấp cơ sở) acceptance list; a 'CN.' title and a PI with no title",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_money_full_dong_peryear() -> dict:
    ts = [
        T(
            "Nghiên cứu xây dựng cơ sở dữ liệu giống cây trồng bản địa tỉnh Tuyên Quang",
            "Trung tâm Nghiên cứu và Phát triển nông nghiệp Tuyên Quang",
            "Lý Văn Cường",
            "ThS.",
            start="2024-01",
            end="2025-12",
            budget=1_250_000_000,
            y1="650.000.000",
            y2="600.000.000",
        ),
        T(
            "Ứng dụng công nghệ sinh học bảo tồn giống lan Hài đốm tại Khu bảo tồn thiên nhiên Na Hang",
            "Ban quản lý Khu bảo tồn thiên nhiên Na Hang",
            "Bàn Thị Thanh",
            "KS.",
            start="2024-03",
            end="2025-12",
            budget=930_500_000,
            y1="500.000.000",
            y2="430.500.000",
        ),
    ]
    header = (
        '<tr><th rowspan="2">TT</th><th rowspan="2">Tên nhiệm vụ</th><th rowspan="2">Đơn vị chủ trì</th>'
        '<th rowspan="2">Chủ nhiệm</th><th rowspan="2">Thời gian</th><th rowspan="2">Tổng kinh phí (đồng)</th>'
        '<th colspan="2">Phân kỳ kinh phí (đồng)</th></tr><tr><th>Năm 2024</th><th>Năm 2025</th></tr>'
    )
    tab = table(
        [
            ("", c_no),
            ("", c_title),
            ("", c_org),
            ("", c_pi),
            ("", c_period),
            ("", lambda t, n: f"{t['exp']['budget_vnd']:,}".replace(",", ".")),
            ("", lambda t, n: t["y1"]),
            ("", lambda t, n: t["y2"]),
        ],
        ts,
        header_rows=header,
        attrs='class="has-fixed-layout"',
    )
    body = f"""<p>Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh có phân kỳ kinh phí theo năm:</p>
<figure class="wp-block-table">{tab}</figure>"""
    page = wordpress(
        "Phân kỳ kinh phí nhiệm vụ KH&amp;CN cấp tỉnh giai đoạn 2024 - 2025",
        "05/02/2024",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_money_full_dong_peryear",
        "family": "wordpress",
        "classes": [8],
        "site": None,
        "note": "total in full đồng ('1.250.000.000') beside per-year split columns under a two-row header: the split is not the total",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_nfd_text_entities() -> dict:
    import unicodedata

    ts = [
        T(
            "Nghiên cứu ứng dụng công nghệ sinh học và tự động hóa trong sản xuất chè xanh tại huyện Đại Từ",
            "Trường Đại học Kỹ thuật Công nghiệp - Đại học Thái Nguyên",
            "Lê Thị Thủy",
            "TS.",
            kind="research_topic",
            start="2023-06",
            end="2025-05",
        ),
        T(
            "Đánh giá thực trạng và giải pháp phát triển hợp tác xã nông nghiệp kiểu mới tỉnh Thái Nguyên",
            "Liên minh Hợp tác xã tỉnh Thái Nguyên",
            "Hoàng Văn Hòa",
            "ThS.",
            kind="research_topic",
            start="2023-07",
            end="2024-12",
        ),
    ]
    rows = "\n".join(
        f"<tr><td>{n}</td><td>{unicodedata.normalize('NFD', t['exp']['title']).replace(' và ', ' v&amp;agrave; ')}</td>"
        f"<td>{unicodedata.normalize('NFD', t['exp']['host_org'])}</td><td>{unicodedata.normalize('NFD', pi_cell(t))}</td>"
        f"<td>{period(t)}</td></tr>"
        for n, t in enumerate(ts, 1)
    )
    body = f"""<p>Danh sách đề tài khoa học và công nghệ cấp tỉnh bắt đầu thực hiện năm 2023 (cập nhật):</p>
<table border="1" cellspacing="0" cellpadding="0" width="100%"><tr><td><b>TT</b></td><td><b>Tên đề tài</b></td>
<td><b>Cơ quan chủ trì</b></td><td><b>Chủ nhiệm đề tài</b></td><td><b>Thời gian thực hiện</b></td></tr>
{rows}
</table>"""
    page = dnn(
        "Danh sách đề tài KH&amp;CN cấp tỉnh bắt đầu thực hiện năm 2023",
        "8/2/2023 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="156",
    )
    return {
        "id": "html_dnn_nfd_text_entities",
        "family": "dnn",
        "classes": [],
        "site": None,
        "note": "cells in NFD (combining marks) and a doubly escaped entity ('v&amp;agrave;') in a title, as CMS editors leave them",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ third wordings (written after the first measurement)


@case
def wordpress_decision_bold_cancu_congvan() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu ứng dụng công nghệ thủy canh sản xuất rau mầm an toàn tại thành phố Tuyên Quang",
                "Trường Cao đẳng Kỹ thuật nông lâm Tuyên Quang",
                "Phạm Thị Thanh Xuân",
                "ThS.",
                start="2022-07",
                end="2024-06",
                budget=495 * TR,
            ),
            T(
                "Điều tra, đánh giá nguồn lợi thủy sản hồ thủy điện Tuyên Quang và đề xuất giải pháp khai thác bền vững",
                "Viện Nghiên cứu nuôi trồng thủy sản I",
                "Kim Văn Vạn",
                "TS.",
                start="2022-09",
                end="2024-08",
                budget=1_315 * TR,
            ),
        ],
        "2344/QĐ-UBND",
        "2022-06-17",
    )
    body = f"""<p>Căn cứ Quyết định số 39/2022/QĐ-UBND của UBND tỉnh quy định quản lý nhiệm vụ khoa học và công nghệ; thực hiện Công văn số 512/SKHCN-QLKH ngày 02/3/2022 của Sở Khoa học và Công nghệ về đề xuất nhiệm vụ năm 2022,</p>
<p><b>Ngày 17 tháng 6 năm 2022, Chủ tịch UBND tỉnh ký Quyết định số 2344/QĐ-UBND phê duyệt tổ chức, cá nhân chủ trì, kinh phí và thời gian thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh.</b></p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="has-fixed-layout"',
        )
    }"""
    page = wordpress(
        "Phê duyệt tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN cấp tỉnh năm 2022",
        "20/06/2022",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_decision_bold_cancu_congvan",
        "family": "wordpress",
        "classes": [1],
        "site": None,
        "note": "decision in <b> with 'ngày 17 tháng 6 năm 2022' before it; a normative 'Căn cứ Quyết định số 39/2022/QĐ-UBND' and a Công văn number first",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_decision_in_h1_only() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xây dựng mô hình sinh kế bền vững cho đồng bào Dao tại huyện Bảo Yên",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Trần Văn Điền",
                "GS.TS.",
                start="2024-06",
                end="2026-05",
                budget=1_090 * TR,
            ),
            T(
                "Ứng dụng công nghệ sinh học sản xuất phân bón vi sinh cho cây dứa tại huyện Mường Khương",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Lào Cai",
                "Lù Văn Páo",
                "KS.",
                start="2024-06",
                end="2025-11",
                budget=620 * TR,
            ),
            T(
                "Đánh giá thực trạng ô nhiễm vi nhựa trong nước sông Hồng đoạn chảy qua tỉnh Lào Cai",
                "Viện Hóa học",
                "Đặng Thị Ngọc Mai",
                "TS.",
                start="2024-07",
                end="2026-06",
                budget=1_460 * TR,
            ),
        ],
        "1523/QĐ-UBND",
        "2024-05-29",
    )
    body = f"""<p>Danh mục gồm 03 nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện từ năm 2024:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="table"',
        )
    }"""
    page = nukeviet(
        "Quyết định số 1523/QĐ-UBND ngày 29/5/2024 phê duyệt tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN cấp tỉnh",
        "Thứ năm - 30/05/2024 10:12",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="390",
    )
    return {
        "id": "html_nukeviet_decision_in_h1_only",
        "family": "nukeviet",
        "classes": [1],
        "site": None,
        "note": "the list's decision stated only in the article title (h1), nowhere in the body",
        "tasks": ts,
        "page": page,
    }


@case
def frontpage_sections_in_title_column() -> dict:
    ts = [
        T(
            "Nghiên cứu đặc điểm địa chất công trình phục vụ quy hoạch khu đô thị mới Nam thành phố Bắc Kạn",
            "Liên đoàn Quy hoạch và Điều tra tài nguyên nước miền Bắc",
            "Đỗ Văn Bình",
            "TS.",
            kind="research_topic",
            start="2022-03",
            end="2023-12",
            budget=870 * TR,
        ),
        T(
            "Nghiên cứu xây dựng bộ tiêu chí đánh giá chất lượng dịch vụ hành chính công cấp xã",
            "Trường Chính trị tỉnh Bắc Kạn",
            "Hà Thị Liễu",
            "ThS.",
            kind="research_topic",
            start="2022-04",
            end="2023-09",
            budget=390 * TR,
        ),
        T(
            "Hoàn thiện quy trình sản xuất giống khoai môn Bắc Kạn sạch bệnh bằng nuôi cấy mô",
            "Công ty Cổ phần Nông sản Bắc Kạn",
            "Đàm Thị Hạnh",
            "KS.",
            kind="trial_production_project",
            start="2022-03",
            end="2024-02",
            budget=2_180 * TR,
        ),
    ]

    def p(s: str) -> str:
        return f"<p class=MsoNormal><span lang=VI style='font-size:12.0pt'>{s}</span></p>"

    def row(*cells: str) -> str:
        return (
            "<tr>"
            + "".join(f"<td valign=top style='border:solid windowtext 1.0pt'>{p(c)}</td>" for c in cells)
            + "</tr>"
        )

    rows = [row("<b>I</b>", "<b>Đề tài khoa học</b>", "", "", "", "")]
    rows += [
        row(
            str(i),
            esc(t["exp"]["title"]),
            esc(t["exp"]["host_org"]),
            esc(pi_cell(t)),
            period(t),
            million(t["exp"]["budget_vnd"]),
        )
        for i, t in enumerate(ts[:2], 1)
    ]
    rows += [row("<b>II</b>", "<b>Dự án SXTN</b>", "", "", "", "")]
    rows += [
        row(
            "1",
            esc(ts[2]["exp"]["title"]),
            esc(ts[2]["exp"]["host_org"]),
            esc(pi_cell(ts[2])),
            period(ts[2]),
            million(ts[2]["exp"]["budget_vnd"]),
        )
    ]
    rows += [row("", "<b>Tổng cộng</b>", "", "", "", "<b>3.440</b>")]
    body = f"""<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>DANH MỤC NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH MỞ MỚI NĂM 2022</span></b></p>
<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>
{row("<b>STT</b>", "<b>Tên nhiệm vụ</b>", "<b>Cơ quan chủ trì</b>", "<b>Chủ nhiệm</b>", "<b>Thời gian thực hiện</b>", "<b>Kinh phí (triệu đồng)</b>")}
{chr(10).join(rows)}
</table>"""
    page = frontpage(
        "DANH MUC NHIEM VU MO MOI 2022", body, site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn", charset="utf-8"
    )
    return {
        "id": "html_frontpage_sections_in_title_column",
        "family": "frontpage",
        "classes": [2, 7],
        "site": None,
        "note": "Word-pasted table: section rows 'I | Đề tài khoa học' written in the STT and title columns (no colspan); a 'Tổng cộng' row that is no task",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_pi_hocham_hyphen() -> dict:
    ts = [
        T(
            "Nghiên cứu chế biến sản phẩm trà túi lọc từ lá chè dây Hoàng Su Phì",
            "Trường Đại học Dược Hà Nội",
            "Nguyễn Văn Hân",
            "PGS.TS.",
            kind="research_topic",
            start="2023-05",
            end="2025-04",
        ),
        T(
            "Đánh giá thực trạng đuối nước ở trẻ em tỉnh Hà Giang và đề xuất giải pháp phòng chống",
            "Sở Lao động - Thương binh và Xã hội tỉnh Hà Giang",
            "Nông Thị Tuyết",
            "ThS.",
            kind="research_topic",
            start="2023-06",
            end="2024-11",
        ),
        T(
            "Nghiên cứu đặc điểm ngôn ngữ của người Pu Péo ở huyện Đồng Văn",
            "Viện Ngôn ngữ học",
            "Tạ Văn Thông",
            "GS.TS.",
            kind="research_topic",
            start="2023-05",
            end="2025-10",
        ),
    ]
    body = f"""<p>Sở Khoa học và Công nghệ cập nhật danh sách đề tài khoa học cấp tỉnh đang thực hiện:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên đề tài", c_title),
                ("Chủ nhiệm đề tài (Họ tên)", c_name),
                ("Học hàm - Học vị", c_ptitle),
                ("Đơn vị chủ trì", c_org),
                ("Thời gian thực hiện", c_period),
            ],
            ts,
            attrs='class="table table-bordered"',
        )
    }"""
    page = liferay(
        "Danh sách đề tài khoa học cấp tỉnh đang thực hiện",
        "14/06/2023 15:55",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="184",
    )
    return {
        "id": "html_liferay_pi_hocham_hyphen",
        "family": "liferay",
        "classes": [3],
        "site": None,
        "note": "'Chủ nhiệm đề tài (Họ tên)' beside 'Học hàm - Học vị'",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_ordered_list_blocks() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu ứng dụng chế phẩm Trichoderma xử lý rơm rạ làm phân bón hữu cơ tại huyện Chợ Mới",
                "Trung tâm Dịch vụ nông nghiệp huyện Chợ Mới",
                "Đồng Văn Thiện",
                "KS.",
                kind="research_topic",
                start="2023-01",
                end="2024-12",
                state=455 * TR,
            ),
            T(
                "Nghiên cứu giải pháp phát triển sản phẩm du lịch đêm tại khu du lịch hồ Ba Bể",
                "Ban Quản lý Vườn quốc gia Ba Bể",
                "Nguyễn Thị Hồng Lê",
                "ThS.",
                kind="research_topic",
                start="2023-03",
                end="2024-08",
                state=380 * TR,
            ),
        ],
        "2230/QĐ-UBND",
        "2022-11-23",
    )
    items = "\n".join(
        f"<li><p><strong>Tên đề tài:</strong> {esc(t['exp']['title'])}</p><ul>"
        f"<li>Cơ quan chủ trì: {esc(t['exp']['host_org'])}</li><li>Chủ nhiệm: {esc(pi_cell(t))}</li>"
        f"<li>Thời gian thực hiện: {period(t)}</li><li>Kinh phí từ ngân sách nhà nước: "
        f"{million(t['exp']['budget_state_vnd'])} triệu đồng</li></ul></li>"
        for t in ts
    )
    body = f"""<p>UBND tỉnh đã ban hành Quyết định số 2230/QĐ-UBND ngày 23/11/2022 phê duyệt tổ chức, cá nhân chủ trì 02 đề tài khoa học và công nghệ cấp tỉnh thực hiện từ năm 2023:</p>
<ol>
{items}
</ol>"""
    page = drupal(
        "Phê duyệt tổ chức, cá nhân chủ trì đề tài KH&amp;CN cấp tỉnh năm 2023",
        "Thứ sáu, 25/11/2022 - 10:30",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">19°C</span> Nhiều mây. Độ ẩm 75%',
        views="611",
    )
    return {
        "id": "html_drupal_ordered_list_blocks",
        "family": "drupal",
        "classes": [1, 6],
        "site": None,
        "note": "tasks as <ol> items (numbers drawn by the browser, not in the text) with <ul> label lines; money is the state-budget part",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_total_row_signature() -> dict:
    ts = graded(
        with_decision(
            [
                T(
                    "Nghiên cứu ứng dụng công nghệ sinh học trong nhân giống cây Sâm dây Ngọc Linh",
                    "Trung tâm Ứng dụng và Thống kê khoa học và công nghệ tỉnh Kon Tum",
                    "Võ Thị Bích Ngọc",
                    "ThS.",
                    kind="research_topic",
                    grade="good",
                ),
                T(
                    "Đánh giá hiện trạng và đề xuất giải pháp bảo tồn nhà rông truyền thống tỉnh Kon Tum",
                    "Bảo tàng tỉnh Kon Tum",
                    "A Tuấn",
                    "ThS.",
                    kind="research_topic",
                    grade="excellent",
                ),
            ],
            "612/QĐ-UBND",
            "2023-06-09",
        )
    )
    body = f"""<p>Ngày 09/6/2023, UBND tỉnh Kon Tum ban hành Quyết định số 612/QĐ-UBND công nhận kết quả thực hiện 02 đề tài khoa học và công nghệ cấp tỉnh:</p>
<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr><td><b>STT</b></td><td><b>Tên đề tài</b></td><td><b>Tổ chức chủ trì</b></td><td><b>Chủ nhiệm</b></td><td><b>Xếp loại</b></td></tr>
{"".join(f"<tr><td>{i}</td><td>{esc(t['exp']['title'])}</td><td>{esc(t['exp']['host_org'])}</td><td>{esc(pi_cell(t))}</td><td>{t['grade_show']}</td></tr>" for i, t in enumerate(ts, 1))}
<tr><td colspan="4"><b>Tổng số: 02 đề tài</b></td><td>&nbsp;</td></tr>
</table>
<table width="100%" border="0"><tr><td width="50%"><p><b><i>Nơi nhận:</i></b><br/>- UBND tỉnh (b/c);<br/>- Lưu: VT, QLKH.</p></td>
<td align="center"><p><b>KT. GIÁM ĐỐC<br/>PHÓ GIÁM ĐỐC</b><br/><br/>(đã ký)<br/><br/><b>Nguyễn Văn Thanh</b></p></td></tr></table>"""
    page = aspnet(
        "Công nhận kết quả thực hiện đề tài khoa học và công nghệ cấp tỉnh",
        "14-06-2023",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
    )
    return {
        "id": "html_aspnet_total_row_signature",
        "family": "aspnet",
        "classes": [1, 7],
        "site": None,
        "note": "a 'Tổng số' row closing the table and a borderless 'Nơi nhận / KT. GIÁM ĐỐC' signature table",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_unusual_headers_thoihan() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng công nghệ bay không người lái trong phun thuốc bảo vệ thực vật cho cây thuốc lá",
            "Công ty Cổ phần Ngân Sơn Cao Bằng",
            "Đinh Công Minh",
            "KS.",
            start="2024-04",
            end="2025-09",
            budget=1_120 * TR,
        ),
        T(
            "Xây dựng bản đồ nguy cơ trượt lở đất tỷ lệ 1:25.000 tỉnh Cao Bằng",
            "Viện Địa chất",
            "Lê Quốc Hùng",
            "PGS.TS.",
            start="2024-05",
            end="2026-04",
            budget=2_450 * TR,
        ),
    ]
    body = f"""<p>Danh sách nhiệm vụ khoa học và công nghệ cấp tỉnh được giao thực hiện năm 2024:</p>
{
        table(
            [
                ("Số thứ tự", c_no),
                ("Tên đề tài/dự án", c_title),
                ("Cơ quan thực hiện", c_org),
                ("Chủ trì đề tài", c_pi),
                ("Thời hạn", c_period),
                ("Kinh phí được duyệt (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="ms-rteTable-default" width="100%"',
        )
    }"""
    page = sharepoint(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh được giao năm 2024",
        "08/04/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_unusual_headers_thoihan",
        "family": "sharepoint",
        "classes": [8],
        "site": None,
        "note": "headers 'Số thứ tự', 'Tên đề tài/dự án', 'Cơ quan thực hiện', 'Chủ trì đề tài', 'Thời hạn', 'Kinh phí được duyệt'",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_tcvn3_mojibake_in_utf8() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu nhân giống cây trám đen ghép tại huyện Chợ Đồn",
                "Trung tâm Khuyến nông tỉnh Bắc Kạn",
                "Lường Văn Chiến",
                "KS.",
                start="2010",
                end="2012",
                budget=240 * TR,
            ),
            T(
                "Điều tra thực trạng nghề rèn truyền thống của đồng bào Nùng tại huyện Na Rì",
                "Bảo tàng tỉnh Bắc Kạn",
                "Vi Thị Kim",
                None,
                start="2010",
                end="2011",
                budget=135 * TR,
            ),
        ],
        "2011/QĐ-UBND",
        "2010-09-14",
    )

    def mojibake(s: str) -> str:
        """TCVN3 bytes read as windows-1252 and stored as UTF-8: what a migrated CMS keeps."""
        b = encode_tcvn3(s)
        return "".join(bytes([x]).decode("cp1252") if x not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else "" for x in b)

    rows = "\n".join(
        f'<tr><td>{i}</td><td><span style="font-family:.VnTime">{esc(mojibake(t["exp"]["title"]))}</span></td>'
        f'<td><span style="font-family:.VnTime">{esc(mojibake(t["exp"]["host_org"]))}</span></td>'
        f'<td><span style="font-family:.VnTime">{esc(mojibake(pi_cell(t)))}</span></td>'
        f"<td>{t['exp']['start_date']} - {t['exp']['end_date']}</td><td>{million(t['exp']['budget_vnd'])}</td></tr>"
        for i, t in enumerate(ts, 1)
    )
    body = f"""<p>Bài viết được chuyển từ website cũ.</p>
<p><span style="font-family:.VnTime">{esc(mojibake("Ngày 14/9/2010, Uỷ ban nhân dân tỉnh ban hành Quyết định số 2011/QĐ-UBND phê duyệt danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh năm 2010:"))}</span></p>
<table border="1" cellspacing="0"><tr><td>TT</td><td><span style="font-family:.VnTime">{esc(mojibake("Tên đề tài, dự án"))}</span></td><td><span style="font-family:.VnTime">{esc(mojibake("Cơ quan chủ trì"))}</span></td>
<td><span style="font-family:.VnTime">{esc(mojibake("Chủ nhiệm"))}</span></td><td><span style="font-family:.VnTime">{esc(mojibake("Thời gian"))}</span></td><td><span style="font-family:.VnTime">{esc(mojibake("Kinh phí (triệu đồng)"))}</span></td></tr>
{rows}
</table>"""
    page = drupal(
        "Danh mục đề tài, dự án KH&amp;CN cấp tỉnh năm 2010",
        "Thứ ba, 21/09/2010 - 08:00",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">28°C</span> Nắng. Độ ẩm 72%',
        views="3.054",
    )
    return {
        "id": "html_drupal_tcvn3_mojibake_in_utf8",
        "family": "drupal",
        "classes": [1, 5],
        "site": "drupal_backan",
        "note": "UTF-8 page whose migrated article keeps TCVN3 text as cp1252 mojibake in .VnTime spans (the soft hyphen for 'ư' included) beside Unicode furniture",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_negative_experts_list() -> dict:
    body = """<p>Danh sách chuyên gia tham gia Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025:</p>
<table class="table table-bordered" border="1"><tr><th>TT</th><th>Họ và tên</th><th>Học hàm, học vị</th><th>Chuyên ngành</th><th>Cơ quan công tác</th><th>Vai trò trong Hội đồng</th></tr>
<tr><td>1</td><td>Vương Đình Thắng</td><td>PGS.TS.</td><td>Khoa học cây trồng</td><td>Trường Đại học Nông Lâm - Đại học Thái Nguyên</td><td>Chủ tịch</td></tr>
<tr><td>2</td><td>Lục Thị Yến</td><td>TS.</td><td>Kinh tế nông nghiệp</td><td>Viện Chính sách và Chiến lược phát triển nông nghiệp nông thôn</td><td>Phản biện</td></tr>
<tr><td>3</td><td>Hầu Văn Sính</td><td>ThS.</td><td>Lâm nghiệp</td><td>Chi cục Kiểm lâm tỉnh Hà Giang</td><td>Ủy viên</td></tr></table>"""
    page = liferay(
        "Thành lập Hội đồng tư vấn xác định nhiệm vụ KH&amp;CN cấp tỉnh năm 2025",
        "11/03/2024 09:00",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="97",
    )
    return {
        "id": "html_liferay_negative_experts_list",
        "family": "liferay",
        "classes": [7],
        "site": None,
        "note": "negative: a council's experts table with 'Họ và tên' and 'Học hàm, học vị' columns, no task",
        "tasks": [],
        "page": page,
    }


@case
def nukeviet_negative_publications_table() -> dict:
    body = """<p>Năm 2024, cán bộ của Trung tâm đã công bố 03 bài báo khoa học trên các tạp chí chuyên ngành:</p>
<table class="table table-bordered"><tr><th>TT</th><th>Tên bài báo</th><th>Tác giả</th><th>Tạp chí</th><th>Năm</th></tr>
<tr><td>1</td><td>Đánh giá khả năng sinh trưởng của giống chè LCT1 tại Bát Xát</td><td>Vàng A Chu, Lê Thị Hoa</td><td>Tạp chí Khoa học và Công nghệ Đại học Thái Nguyên</td><td>2024</td></tr>
<tr><td>2</td><td>Ảnh hưởng của mật độ trồng đến năng suất Sa nhân tím</td><td>Lê Thị Hoa</td><td>Tạp chí Nông nghiệp và Phát triển nông thôn</td><td>2024</td></tr>
<tr><td>3</td><td>Một số đặc điểm hình thái cây Thảo quả tại Sa Pa</td><td>Hoàng Văn Nam, Vàng A Chu</td><td>Tạp chí Khoa học Lâm nghiệp</td><td>2024</td></tr></table>"""
    page = nukeviet(
        "Kết quả công bố khoa học năm 2024 của Trung tâm",
        "Thứ hai - 30/12/2024 17:00",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="210",
    )
    return {
        "id": "html_nukeviet_negative_publications_table",
        "family": "nukeviet",
        "classes": [7],
        "site": None,
        "note": "negative: a table of journal articles (title, authors, journal, year), no task",
        "tasks": [],
        "page": page,
    }


@case
def dnn_paragraph_blocks_ong_ba() -> dict:
    ts = [
        T(
            "Xây dựng mô hình liên kết sản xuất và tiêu thụ chè Shan tuyết theo hướng hữu cơ tại xã Tân Linh",
            "Hợp tác xã Chè Tân Linh",
            "Lục Văn Bằng",
            None,
            start="2025",
            end="2026",
            budget=1_200 * TR,
            pi_show="Ông Lục Văn Bằng, Giám đốc Hợp tác xã",
        ),
        T(
            "Nghiên cứu giải pháp nâng cao hiệu quả chuyển đổi số trong các hợp tác xã nông nghiệp tỉnh Thái Nguyên",
            "Liên minh Hợp tác xã tỉnh Thái Nguyên",
            "Dương Thị Thu Trang",
            None,
            start="2025",
            end="2026",
            budget=650 * TR,
            pi_show="Bà Dương Thị Thu Trang - Phó Chủ tịch Liên minh Hợp tác xã tỉnh",
        ),
    ]
    blocks = "\n".join(
        f"<p><b>{n}. {esc(t['exp']['title'])}</b></p>\n<p>Cơ quan chủ trì: {esc(t['exp']['host_org'])}.</p>\n"
        f"<p>Chủ nhiệm nhiệm vụ: {esc(t['pi_show'])}.</p>\n"
        f"<p>Thời gian thực hiện: {t['exp']['start_date']} - {t['exp']['end_date']}.</p>\n"
        f"<p>Kinh phí dự kiến: {million(t['exp']['budget_vnd'])} triệu đồng.</p>"
        for n, t in enumerate(ts, 1)
    )
    body = f"""<p>Sở Khoa học và Công nghệ thông báo kết quả xét giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2025 như sau:</p>
{blocks}"""
    page = dnn(
        "Kết quả xét giao trực tiếp nhiệm vụ KH&amp;CN cấp tỉnh năm 2025",
        "1/6/2025 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="233",
    )
    return {
        "id": "html_dnn_paragraph_blocks_ong_ba",
        "family": "dnn",
        "classes": [6],
        "site": "dnn_thainguyen",
        "note": "paragraph blocks whose title line carries no label; PI written 'Ông …, Giám đốc …' / 'Bà … - Phó Chủ tịch …'; years-only periods",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_pi_hocham_slash() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng kỹ thuật can thiệp nội mạch điều trị nhồi máu não cấp tại Bệnh viện Đa khoa tỉnh",
            "Bệnh viện Đa khoa tỉnh Kon Tum",
            "Viên Quang Mai",
            "TS. BS.",
            start="2024-01",
            end="2025-12",
            budget=1_380 * TR,
        ),
        T(
            "Đánh giá tình trạng thiếu máu ở phụ nữ mang thai người dân tộc Xơ Đăng",
            "Trung tâm Kiểm soát bệnh tật tỉnh Kon Tum",
            "Lê Thị Kim Oanh",
            "ThS. BS.",
            start="2024-03",
            end="2025-08",
            budget=520 * TR,
        ),
    ]
    body = f"""<p>Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh lĩnh vực y dược thực hiện năm 2024:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Chủ nhiệm nhiệm vụ", c_name),
                ("Học hàm/Học vị", c_ptitle),
                ("Cơ quan chủ trì", c_org),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='border="1" cellspacing="0" cellpadding="3"',
        )
    }"""
    page = aspnet(
        "Nhiệm vụ KH&amp;CN cấp tỉnh lĩnh vực y dược năm 2024",
        "11-03-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
    )
    return {
        "id": "html_aspnet_pi_hocham_slash",
        "family": "aspnet",
        "classes": [3],
        "site": None,
        "note": "'Chủ nhiệm nhiệm vụ' beside 'Học hàm/Học vị' holding two titles ('TS. BS.', 'ThS. BS.')",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_kind_abbreviations() -> dict:
    ts = [
        T(
            "Nghiên cứu ảnh hưởng của biến đổi khí hậu đến sản xuất lúa vùng thấp tỉnh Cao Bằng",
            "Chi cục Trồng trọt và Bảo vệ thực vật tỉnh Cao Bằng",
            "Nông Văn Hiếu",
            "ThS.",
            kind="research_topic",
            kind_show="ĐT",
            start="2024-01",
            end="2025-12",
        ),
        T(
            "Hoàn thiện công nghệ sản xuất mật ong bạc hà dạng kem",
            "Hợp tác xã Ong mật Bảo Lạc",
            "Lý Văn Pẩu",
            None,
            kind="trial_production_project",
            kind_show="DA SXTN",
            start="2024-03",
            end="2026-02",
        ),
        T(
            "Nhân rộng mô hình trồng gừng trâu theo hướng hữu cơ tại huyện Hòa An",
            "Trung tâm Khuyến nông tỉnh Cao Bằng",
            "Hà Văn Thịnh",
            "KS.",
            kind=None,
            kind_show="DA",
            start="2024-02",
            end="2025-07",
        ),
        T(
            "Phát triển thị trường khoa học và công nghệ tỉnh Cao Bằng đến năm 2030",
            "Sở Khoa học và Công nghệ tỉnh Cao Bằng",
            "Mã Thị Thu",
            "ThS.",
            kind="scheme",
            kind_show="ĐA",
            start="2024-04",
            end="2025-03",
        ),
    ]
    body = f"""<p>Danh sách nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 (ĐT: đề tài; DA: dự án; SXTN: sản xuất thử nghiệm; ĐA: đề án):</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Loại", c_kind),
                ("Cơ quan chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Thời gian thực hiện", c_period),
            ],
            ts,
            attrs='class="ms-rteTable-default" width="100%"',
        )
    }"""
    page = sharepoint(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh năm 2024",
        "20/02/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_kind_abbreviations",
        "family": "sharepoint",
        "classes": [2],
        "site": None,
        "note": "kind column 'Loại' in abbreviations (ĐT / DA SXTN / DA / ĐA) with their legend above; bare 'DA' is null",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_decision_qd_abbrev_adjusts() -> dict:
    ts = graded(
        with_decision(
            [
                T(
                    "Nghiên cứu tuyển chọn giống mía tím năng suất cao phục vụ chế biến mật mía tại huyện Sơn Dương",
                    "Trung tâm Nghiên cứu và Phát triển nông nghiệp Tuyên Quang",
                    "Hoàng Thị Nga",
                    "ThS.",
                    grade="good",
                ),
                T(
                    "Đánh giá thực trạng và giải pháp phát triển nghề đan lát truyền thống của người Tày tại huyện Chiêm Hóa",
                    "Trường Đại học Tân Trào",
                    "Ma Văn Thìn",
                    "TS.",
                    grade="pass",
                ),
            ],
            "1450/QĐ-UBND",
            "2023-06-30",
        )
    )
    body = f"""<p>UBND tỉnh vừa ban hành QĐ số 1450/QĐ-UBND ngày 30-6-2023 công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh, đồng thời điều chỉnh thời gian thực hiện một số nhiệm vụ đã phê duyệt tại Quyết định 987/QĐ-UBND năm 2021.</p>
<p>Các nhiệm vụ được công nhận:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Xếp loại", c_grade),
            ],
            ts,
            attrs='class="has-fixed-layout"',
        )
    }"""
    page = wordpress(
        "Công nhận kết quả 02 nhiệm vụ KH&amp;CN cấp tỉnh",
        "04/07/2023",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_decision_qd_abbrev_adjusts",
        "family": "wordpress",
        "classes": [1],
        "site": None,
        "note": "decision written 'QĐ số 1450/QĐ-UBND ngày 30-6-2023'; an older decision adjusted by it named after it without a date",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_two_tables_indicators() -> dict:
    ts = [
        T(
            "Nghiên cứu xây dựng quy trình trồng và chế biến cây Khôi nhung tía tại huyện Ba Bể",
            "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Bắc Kạn",
            "Lương Thị Nhàn",
            "ThS.",
            start="2023-06",
            end="2025-05",
            budget=720 * TR,
        ),
        T(
            "Ứng dụng công nghệ GIS xây dựng bản đồ vùng trồng cây có múi tỉnh Bắc Kạn",
            "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
            "Nguyễn Thế Huấn",
            "TS.",
            start="2023-07",
            end="2024-12",
            budget=560 * TR,
        ),
    ]
    body = f"""<p>Sở Khoa học và Công nghệ báo cáo kết quả 6 tháng đầu năm 2023. Các chỉ tiêu chủ yếu:</p>
<table border="1" cellpadding="3" cellspacing="0" width="100%"><tr><th>TT</th><th>Chỉ tiêu</th><th>Kế hoạch năm</th><th>Thực hiện 6 tháng</th><th>Tỷ lệ (%)</th></tr>
<tr><td>1</td><td>Nhiệm vụ KH&amp;CN cấp tỉnh mở mới</td><td>8</td><td>2</td><td>25</td></tr>
<tr><td>2</td><td>Nhiệm vụ được nghiệm thu</td><td>10</td><td>4</td><td>40</td></tr>
<tr><td>3</td><td>Đơn đăng ký nhãn hiệu được hỗ trợ</td><td>5</td><td>3</td><td>60</td></tr></table>
<p>Hai nhiệm vụ cấp tỉnh mở mới trong 6 tháng đầu năm:</p>
{table(STD, ts)}"""
    page = drupal(
        "Kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2023",
        "Thứ sáu, 14/07/2023 - 09:45",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">30°C</span> Mưa rào. Độ ẩm 88%',
        views="502",
    )
    return {
        "id": "html_drupal_two_tables_indicators",
        "family": "drupal",
        "classes": [7],
        "site": None,
        "note": "an indicators table (Chỉ tiêu / Kế hoạch / Thực hiện / Tỷ lệ) mentioning tasks, before the task table",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_header_breaks_td_strong() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu ứng dụng công nghệ sinh học trong sản xuất giống hoa lan Hồ điệp tại thành phố Lạng Sơn",
                "Trung tâm Khoa học và Công nghệ tỉnh Lạng Sơn",
                "Nông Thị Huệ",
                "ThS.",
                start="2025-01",
                end="2026-12",
                budget=1_085_500_000,
            ),
            T(
                "Đánh giá hiện trạng và đề xuất giải pháp bảo tồn cảnh quan khu di tích Chi Lăng",
                "Ban Quản lý Di tích tỉnh Lạng Sơn",
                "Lộc Văn Hải",
                "ThS.",
                start="2025-02",
                end="2026-07",
                budget=610 * TR,
            ),
        ],
        "2510/QĐ-UBND",
        "2024-12-19",
    )
    head = (
        "<tr><td><strong>Số<br />TT</strong></td><td><strong>Tên<br />nhiệm vụ</strong></td>"
        "<td><strong>Tổ chức<br />chủ trì</strong></td><td><strong>Chủ<br />nhiệm</strong></td>"
        "<td><strong>Thời gian<br />thực hiện</strong></td><td><strong>Kinh phí<br />(Tr.đồng)</strong></td></tr>"
    )
    tab = table(
        [("", c_no), ("", c_title), ("", c_org), ("", c_pi), ("", c_period), ("", c_money)],
        ts,
        header_rows=head,
        attrs='class="table table-bordered"',
    )
    body = f"""<p>Thực hiện Quyết định số 2510/QĐ-UBND ngày 19/12/2024 của UBND tỉnh Lạng Sơn phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện năm 2025:</p>
{tab}"""
    page = nukeviet(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh thực hiện năm 2025",
        "Thứ hai - 23/12/2024 08:30",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lạng Sơn",
        views="318",
    )
    return {
        "id": "html_nukeviet_header_breaks_td_strong",
        "family": "nukeviet",
        "classes": [1, 8],
        "site": None,
        "note": "header row of <td><strong> cells broken by <br /> ('Tên<br />nhiệm vụ', 'Kinh phí<br />(Tr.đồng)'); money with a decimal comma",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_tcvn3_latin1_declared() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu trồng thử nghiệm giống chè Kim Tuyên tại xã Tân Cương",
                "Trạm Khuyến nông thành phố Thái Nguyên",
                "Đoàn Văn Chung",
                "KS.",
                kind="research_topic",
                grade="good",
            ),
            T(
                "Điều tra hiện trạng và đề xuất giải pháp bảo tồn cây gỗ quý tại Khu bảo tồn thiên nhiên Thần Sa - Phượng Hoàng",
                "Chi cục Kiểm lâm tỉnh Thái Nguyên",
                "Ma Thị Nguyệt",
                "ThS.",
                kind="research_topic",
                grade="pass",
            ),
        ]
    )
    f = ".VnTime"
    rows = "\n".join(
        f'<tr><td>{i}</td><td><font face="{f}">{t["exp"]["title"]}</font></td>'
        f'<td><font face="{f}">{pi_cell(t)}</font></td><td><font face="{f}">{t["exp"]["host_org"]}</font></td>'
        f'<td><font face="{f}">{t["grade_show"]}</font></td></tr>'
        for i, t in enumerate(ts, 1)
    )
    body = f"""<p><font face="{f}">Ngày 28/11/2007, Sở Khoa học và Công nghệ đã tổ chức nghiệm thu 02 đề tài khoa học cấp tỉnh:</font></p>
<table border="1" cellspacing="0" cellpadding="0" width="100%"><tr><td><font face="{f}"><b>STT</b></font></td><td><font face="{f}"><b>Tên đề tài</b></font></td>
<td><font face="{f}"><b>Chủ nhiệm</b></font></td><td><font face="{f}"><b>Cơ quan chủ trì</b></font></td><td><font face="{f}"><b>Kết quả</b></font></td></tr>
{rows}
</table>"""
    uni = dnn(
        "Nghiệm thu đề tài khoa học cấp tỉnh năm 2007",
        "11/30/2007 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="2.118",
    )
    uni = uni.replace("charset=UTF-8", "charset=iso-8859-1")
    # the skin's capitals menu is typed in lower-case codes and drawn by .VnTimeH, as ABC sites did
    top = uni[uni.index('<ul class="topmenu">') : uni.index("</ul>", uni.index('<ul class="topmenu">'))]
    uni = uni.replace(top, top.lower().replace("<ul ", '<ul style="font-family:.VnTimeH" '))
    return {
        "id": "html_dnn_tcvn3_latin1_declared",
        "family": "dnn",
        "classes": [5],
        "site": "dnn_thainguyen",
        "note": "DNN page declared iso-8859-1 whose furniture and article are all TCVN3 bytes (<font face=.VnTime>); grades",
        "tasks": ts,
        "page": encode_tcvn3(uni),
    }


@case
def wordpress_vni_no_charset_headings() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu chế biến bột sắn dây Sơn Dương theo quy mô hộ gia đình",
                "Hội Phụ nữ huyện Sơn Dương",
                "Nguyễn Thị Thắm",
                None,
                start="2008-04",
                end="2009-12",
                budget=160 * TR,
            ),
            T(
                "Ứng dụng tiến bộ kỹ thuật trồng keo lai giâm hom tại huyện Yên Sơn",
                "Công ty Lâm nghiệp Yên Sơn",
                "Đặng Văn Mạnh",
                "KS.",
                start="2008-03",
                end="2010-02",
                budget=275 * TR,
            ),
        ],
        "368/QĐ-UBND",
        "2008-03-14",
    )
    f = "VNI-Times"
    body = f"""<h2 style="font-family:'VNI-Helve'">DANH MỤC ĐỀ TÀI, DỰ ÁN NĂM 2008</h2>
<p style="font-family:'{f}'">Theo Quyết định số 368/QĐ-UBND ngày 14/3/2008 của UBND tỉnh Tuyên Quang, danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh năm 2008 gồm:</p>
{table(STD, ts, attrs=f'border="1" style="font-family:{chr(39)}{f}{chr(39)}"')}"""
    uni = wordpress(
        "Danh mục đề tài, dự án KH&CN cấp tỉnh năm 2008",
        "17/03/2008",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    uni = uni.replace('<meta charset="UTF-8">', "")
    return {
        "id": "html_wordpress_vni_no_charset_headings",
        "family": "wordpress",
        "classes": [1, 5],
        "site": None,
        "note": "an archived post entirely in VNI-Windows (VNI-Times body, VNI-Helve heading), no charset at all",
        "tasks": ts,
        "page": encode_vni(uni),
    }


@case
def liferay_blocks_lettered_lines() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xây dựng mô hình trồng cây Ba kích dưới tán rừng tại huyện Bắc Mê",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Hà Giang",
                "Hoàng Thị Phương",
                "ThS.",
                kind="research_topic",
                start="2025-04",
                end="2027-03",
                budget=980 * TR,
                state=800 * TR,
                period="24 tháng (từ tháng 4/2025 đến tháng 3/2027)",
                money="980 triệu đồng, trong đó từ ngân sách sự nghiệp khoa học và công nghệ: 800 triệu đồng",
            ),
            T(
                "Nghiên cứu giải pháp phát triển hệ thống chợ phiên vùng cao gắn với du lịch cộng đồng",
                "Trường Chính trị tỉnh Hà Giang",
                "Triệu Văn Sơn",
                "TS.",
                kind="research_topic",
                start="2025-05",
                end="2026-10",
                budget=540 * TR,
                period="18 tháng (từ tháng 5/2025 đến tháng 10/2026)",
                money="540 triệu đồng",
            ),
        ],
        "512/QĐ-UBND",
        "2025-03-21",
    )
    blocks = "\n".join(
        f"<p><strong>Đề tài {n}:</strong> {esc(t['exp']['title'])}</p>\n"
        f"<p>a) Tổ chức chủ trì: {esc(t['exp']['host_org'])};</p>\n<p>b) Chủ nhiệm đề tài: {esc(pi_cell(t))};</p>\n"
        f"<p>c) Thời gian thực hiện: {t['period']};</p>\n<p>d) Kinh phí thực hiện: {t['money']}.</p>"
        for n, t in enumerate(ts, 1)
    )
    body = f"""<p>Chủ tịch UBND tỉnh Hà Giang đã ký Quyết định số 512/QĐ-UBND ngày 21/3/2025 phê duyệt tổ chức, cá nhân chủ trì thực hiện đề tài khoa học và công nghệ cấp tỉnh năm 2025, cụ thể:</p>
{blocks}"""
    page = liferay(
        "Phê duyệt tổ chức, cá nhân chủ trì đề tài KH&amp;CN cấp tỉnh năm 2025",
        "24/03/2025 11:10",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="151",
    )
    return {
        "id": "html_liferay_blocks_lettered_lines",
        "family": "liferay",
        "classes": [1, 6],
        "site": None,
        "note": "'Đề tài 1:' blocks whose fields are lettered lines a) b) c) d) ending in ';'",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_blocks_in_divs_bold_labels() -> dict:
    ts = [
        T(
            "Ứng dụng công nghệ tưới nhỏ giọt kết hợp bón phân cho cây cà phê tại huyện Đắk Hà",
            "Hợp tác xã Nông nghiệp Đắk Hà",
            "Y Thương",
            None,
            kind="st_project",
            start="2024-07",
            end="2026-06",
            budget=1_650 * TR,
            state=990 * TR,
        ),
        T(
            "Sản xuất thử nghiệm tinh bột nghệ Đắk Tô theo quy mô công nghiệp",
            "Công ty TNHH Dược liệu Đắk Tô",
            "Hồ Văn Luân",
            "KS.",
            kind="trial_production_project",
            start="2024-08",
            end="2026-07",
            budget=2_400 * TR,
            state=1_000 * TR,
        ),
    ]
    blocks = "\n".join(
        f'<div class="item"><div><b>{label}:</b> {esc(t["exp"]["title"])}</div>'
        f"<div><b>Tổ chức chủ trì:</b> {esc(t['exp']['host_org'])}</div><div><b>Chủ nhiệm dự án:</b> {esc(pi_cell(t))}</div>"
        f"<div><b>Thời gian:</b> {period(t)}</div><div><b>Tổng kinh phí:</b> {million(t['exp']['budget_vnd'])} triệu đồng; "
        f"<b>Ngân sách tỉnh hỗ trợ:</b> {million(t['exp']['budget_state_vnd'])} triệu đồng</div></div>"
        for t, label in zip(ts, ("Dự án khoa học và công nghệ", "Dự án sản xuất thử nghiệm"))
    )
    body = f"""<p>Sở Khoa học và Công nghệ thông báo kết quả tuyển chọn tổ chức, cá nhân chủ trì 02 dự án cấp tỉnh năm 2024 (01 dự án khoa học và công nghệ, 01 dự án sản xuất thử nghiệm):</p>
{blocks}"""
    page = aspnet(
        "Kết quả tuyển chọn tổ chức, cá nhân chủ trì dự án cấp tỉnh năm 2024",
        "18-06-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
    )
    return {
        "id": "html_aspnet_blocks_in_divs_bold_labels",
        "family": "aspnet",
        "classes": [2, 6],
        "site": None,
        "note": "un-numbered blocks of <div>s with bold labels; the kind is the title's label ('Dự án khoa học và công nghệ:', 'Dự án sản xuất thử nghiệm:')",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ held-out batch (measured at first sight, docs/ACCURACY.md)


@case
def drupal_decision_after_table() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu chọn lọc và nhân giống lợn Hương Bắc Kạn phục vụ chăn nuôi hàng hóa",
                "Trung tâm Giống cây trồng và vật nuôi tỉnh Bắc Kạn",
                "Hoàng Văn Duy",
                "ThS.",
                start="2025-01",
                end="2027-12",
                budget=1_720 * TR,
            ),
            T(
                "Đánh giá hiện trạng tài nguyên nước dưới đất khu vực thành phố Bắc Kạn",
                "Liên đoàn Quy hoạch và Điều tra tài nguyên nước miền Bắc",
                "Trịnh Hoài Thu",
                "TS.",
                start="2025-03",
                end="2026-08",
                budget=1_150 * TR,
            ),
        ],
        "2105/QĐ-UBND",
        "2024-11-18",
    )
    body = f"""<p>Sở Khoa học và Công nghệ thông báo danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện năm 2025:</p>
{table(STD, ts)}
<p><em>Danh mục trên được Ủy ban nhân dân tỉnh phê duyệt tại Quyết định số 2105/QĐ-UBND ngày 18/11/2024.</em></p>"""
    page = drupal(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh bắt đầu thực hiện năm 2025",
        "Thứ năm, 21/11/2024 - 10:05",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">20°C</span> Trời lạnh. Độ ẩm 77%',
        views="287",
    )
    return {
        "id": "html_drupal_decision_after_table",
        "family": "drupal",
        "classes": [1],
        "site": "drupal_backan",
        "note": "held-out: the list's decision stated only after the table ('Danh mục trên được … phê duyệt tại Quyết định số …')",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_kind_phanloai() -> dict:
    ts = [
        T(
            "Nghiên cứu đặc điểm sinh thái và khả năng nhân giống cây Thông đỏ tại huyện Bát Xát",
            "Trung tâm Nghiên cứu lâm sản ngoài gỗ",
            "Phạm Thị Huyền",
            "TS.",
            kind="research_topic",
            kind_show="Đề tài nghiên cứu",
            start="2024-05",
            end="2026-04",
            budget=1_030 * TR,
        ),
        T(
            "Hoàn thiện quy trình sản xuất rượu ngô men lá Bắc Hà theo quy mô công nghiệp",
            "Công ty TNHH Rượu ngô Bản Phố",
            "Vàng Văn Sử",
            None,
            kind="trial_production_project",
            kind_show="Dự án SX thử nghiệm",
            start="2024-06",
            end="2026-05",
            budget=2_750 * TR,
        ),
        T(
            "Phát triển du lịch nông nghiệp công nghệ cao tỉnh Lào Cai giai đoạn 2025-2030",
            "Viện Nghiên cứu Phát triển Du lịch",
            "Đỗ Thu Hằng",
            "ThS.",
            kind="scheme",
            kind_show="Đề án khoa học",
            start="2024-07",
            end="2025-06",
            budget=690 * TR,
        ),
    ]
    body = f"""<p>Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh Lào Cai năm 2024 được giao thực hiện như sau:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Phân loại", c_kind),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="table table-bordered"',
        )
    }"""
    page = nukeviet(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh năm 2024",
        "Thứ sáu - 10/05/2024 15:00",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="402",
    )
    return {
        "id": "html_nukeviet_kind_phanloai",
        "family": "nukeviet",
        "classes": [2],
        "site": None,
        "note": "held-out: kind column 'Phân loại' with 'Đề tài nghiên cứu' / 'Dự án SX thử nghiệm' / 'Đề án khoa học'",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_pi_chuc_danh_khoa_hoc() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng chế phẩm vi sinh cải tạo đất trồng cam bị thoái hóa tại huyện Hàm Yên",
            "Viện Thổ nhưỡng Nông hóa",
            "Trần Minh Tiến",
            "PGS.TS.",
            start="2024-04",
            end="2026-03",
            budget=1_260 * TR,
        ),
        T(
            "Nghiên cứu thực trạng và giải pháp giảm nghèo bền vững ở các xã đặc biệt khó khăn huyện Lâm Bình",
            "Học viện Chính trị khu vực I",
            "Lê Thị Hồng Nhung",
            "TS.",
            start="2024-05",
            end="2025-10",
            budget=480 * TR,
        ),
    ]
    body = f"""<p>Sở Khoa học và Công nghệ thông báo danh sách nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 và người chủ nhiệm:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Người chủ nhiệm", c_name),
                ("Chức danh khoa học, học vị", c_ptitle),
                ("Tổ chức chủ trì", c_org),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="has-fixed-layout"',
        )
    }"""
    page = wordpress(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh năm 2024 và người chủ nhiệm",
        "25/04/2024",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_pi_chuc_danh_khoa_hoc",
        "family": "wordpress",
        "classes": [3],
        "site": None,
        "note": "held-out: 'Người chủ nhiệm' beside 'Chức danh khoa học, học vị'",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_blocks_label_then_value_lines() -> dict:
    ts = graded(
        with_decision(
            [
                T(
                    "Nghiên cứu giải pháp nâng cao hiệu quả sử dụng đất dốc trồng ngô tại huyện Bảo Lâm",
                    "Trung tâm Khuyến nông tỉnh Cao Bằng",
                    "Mã Văn Cường",
                    "ThS.",
                    kind="research_topic",
                    grade="good",
                ),
                T(
                    "Nghiên cứu xây dựng bộ tài liệu giáo dục địa phương về Công viên địa chất non nước Cao Bằng",
                    "Sở Giáo dục và Đào tạo tỉnh Cao Bằng",
                    "Đàm Thị Ngân",
                    "ThS.",
                    kind="research_topic",
                    grade="excellent",
                ),
            ],
            "1977/QĐ-UBND",
            "2024-10-30",
        )
    )
    blocks = "\n".join(
        f"<p><strong>{n}. Tên đề tài</strong></p>\n<p>{esc(t['exp']['title'])}</p>\n<p><em>Tổ chức chủ trì</em></p>\n"
        f"<p>{esc(t['exp']['host_org'])}</p>\n<p><em>Chủ nhiệm đề tài</em></p>\n<p>{esc(pi_cell(t))}</p>\n"
        f"<p><em>Kết quả đánh giá</em></p>\n<p>{t['grade_show']}</p>"
        for n, t in enumerate(ts, 1)
    )
    body = f"""<p>Thực hiện Quyết định số 1977/QĐ-UBND ngày 30/10/2024 của UBND tỉnh về việc công nhận kết quả thực hiện đề tài khoa học và công nghệ cấp tỉnh, Sở Khoa học và Công nghệ công bố:</p>
{blocks}"""
    page = sharepoint(
        "Công bố kết quả thực hiện đề tài KH&amp;CN cấp tỉnh",
        "05/11/2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_blocks_label_then_value_lines",
        "family": "sharepoint",
        "classes": [1, 6],
        "site": None,
        "note": "held-out: blocks where each label is its own paragraph and the value the next one; grades",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_tasks_and_council_members() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu sản xuất thử nghiệm phân bón hữu cơ từ phụ phẩm chế biến chè tại huyện Vị Xuyên",
                "Công ty Cổ phần Chè Hà Giang",
                "Nguyễn Văn Tâm",
                "KS.",
                grade="pass",
            ),
            T(
                "Đánh giá thực trạng và giải pháp phát triển chỉ dẫn địa lý cam sành Hà Giang",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Hà Giang",
                "Lê Thị Bích",
                "ThS.",
                grade="good",
            ),
        ]
    )
    body = f"""<p>Ngày 12/9/2024, Hội đồng tư vấn đánh giá, nghiệm thu nhiệm vụ khoa học và công nghệ cấp tỉnh đã họp đánh giá 02 nhiệm vụ. Kết quả:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Kết quả", c_grade),
            ],
            ts,
            attrs='class="table table-bordered" border="1"',
        )
    }
<p>Thành phần Hội đồng:</p>
<table class="table" border="1"><tr><th>TT</th><th>Họ và tên</th><th>Học hàm, học vị</th><th>Đơn vị công tác</th><th>Chức danh trong Hội đồng</th></tr>
<tr><td>1</td><td>Hoàng Văn Thái</td><td>PGS.TS.</td><td>Trường Đại học Nông Lâm - Đại học Thái Nguyên</td><td>Chủ tịch Hội đồng</td></tr>
<tr><td>2</td><td>Vũ Thị Nga</td><td>TS.</td><td>Viện Khoa học Nông nghiệp Việt Nam</td><td>Ủy viên phản biện</td></tr>
<tr><td>3</td><td>Lò Văn Chương</td><td>ThS.</td><td>Sở Nông nghiệp và Môi trường tỉnh Hà Giang</td><td>Ủy viên</td></tr></table>"""
    page = liferay(
        "Nghiệm thu 02 nhiệm vụ KH&amp;CN cấp tỉnh",
        "13/09/2024 16:45",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="164",
    )
    return {
        "id": "html_liferay_tasks_and_council_members",
        "family": "liferay",
        "classes": [7],
        "site": None,
        "note": "held-out: acceptance table followed by the council members table (names, academic titles, posts) that must yield nothing",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_headers_combined_pi_from_to() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu xây dựng mô hình nuôi ong mật dưới tán rừng cao su tại huyện Sa Thầy",
                "Trung tâm Khuyến nông tỉnh Kon Tum",
                "Nguyễn Văn Hải",
                "ThS.",
                start="2024-02",
                end="2025-07",
                state=610 * TR,
            ),
            T(
                "Đánh giá khả năng thích nghi của một số giống bơ ghép tại huyện Kon Plông",
                "Viện Khoa học Kỹ thuật Nông Lâm nghiệp Tây Nguyên",
                "Phan Việt Hà",
                "TS.",
                start="2024-03",
                end="2026-02",
                state=1_180 * TR,
            ),
        ],
        "1025/QĐ-UBND",
        "2024-01-26",
    )
    header = (
        '<tr><th rowspan="2">TT</th><th rowspan="2">Tên gọi nhiệm vụ</th><th rowspan="2">Cơ quan chủ trì nhiệm vụ</th>'
        '<th rowspan="2">Chủ nhiệm (họ tên, học vị)</th><th colspan="2">Thời gian (tháng/năm)</th>'
        '<th rowspan="2">Kinh phí SNKH (triệu đ)</th></tr><tr><th>Từ</th><th>Đến</th></tr>'
    )
    tab = table(
        [
            ("", c_no),
            ("", c_title),
            ("", c_org),
            ("", lambda t, n: f"{esc(t['exp']['principal_investigator'])}, {t['exp']['pi_title']}"),
            ("", c_start),
            ("", c_end),
            ("", c_state),
        ],
        ts,
        header_rows=header,
        attrs='border="1" cellspacing="0" cellpadding="3" width="100%"',
    )
    body = f"""<p>UBND tỉnh Kon Tum phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2024 (Quyết định số 1025/QĐ-UBND ngày 26/01/2024), gồm:</p>
{tab}"""
    page = aspnet(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh năm 2024",
        "31-01-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
    )
    return {
        "id": "html_aspnet_headers_combined_pi_from_to",
        "family": "aspnet",
        "classes": [1, 3, 8],
        "site": None,
        "note": "held-out: 'Chủ nhiệm (họ tên, học vị)' written 'Name, ThS.'; 'Thời gian (tháng/năm)' over Từ / Đến; 'Kinh phí SNKH' is the state part; decision in parentheses",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_rows_own_decision_beside_list_acceptance() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu ứng dụng công nghệ thực tế tăng cường trong quảng bá di tích ATK Định Hóa",
                "Trường Đại học Công nghệ thông tin và Truyền thông - Đại học Thái Nguyên",
                "Phùng Trung Nghĩa",
                "TS.",
                dno="1842/QĐ-UBND",
                ddate="2021-08-16",
                grade="good",
                dshow="1842/QĐ-UBND ngày 16/8/2021",
            ),
            T(
                "Nghiên cứu giải pháp giảm phát thải khí nhà kính trong chăn nuôi lợn quy mô trang trại",
                "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
                "Hà Thị Thanh Đoàn",
                "ThS.",
                dno="2377/QĐ-UBND",
                ddate="2021-10-04",
                grade="pass",
                dshow="2377/QĐ-UBND ngày 04/10/2021",
            ),
        ]
    )
    body = f"""<p>UBND tỉnh đã ban hành Quyết định số 3196/QĐ-UBND ngày 20/12/2023 công nhận kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp tỉnh cho các nhiệm vụ sau (kèm số quyết định phê duyệt nhiệm vụ):</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Tổ chức chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Quyết định phê duyệt", lambda t, n: t["dshow"]),
                ("Xếp loại", c_grade),
            ],
            ts,
        )
    }"""
    page = dnn(
        "Công nhận kết quả thực hiện nhiệm vụ KH&amp;CN cấp tỉnh",
        "12/22/2023 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="199",
    )
    return {
        "id": "html_dnn_rows_own_decision_beside_list_acceptance",
        "family": "dnn",
        "classes": [1],
        "site": None,
        "note": "held-out: each row names its own approval decision while the lead names the list's acceptance decision: the row's own wins",
        "tasks": ts,
        "page": page,
    }


# ------------------------------------------------------------------ held-out batch 7 (measured at first sight on the final tree)


@case
def nukeviet_decision_uppercase_h4() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu ứng dụng chế phẩm sinh học trong bảo quản quả lê Tai nung sau thu hoạch",
                "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh Lào Cai",
                "Sùng Thị Mai",
                "ThS.",
                start="2025-06",
                end="2027-05",
                budget=890 * TR,
            ),
            T(
                "Đánh giá tác động của du lịch đến văn hóa truyền thống của người Dao đỏ ở Tả Phìn",
                "Trường Cao đẳng Lào Cai",
                "Phàn Văn Lở",
                "ThS.",
                start="2025-07",
                end="2026-12",
                budget=430 * TR,
            ),
        ],
        "845/QĐ-UBND",
        "2025-05-12",
    )
    body = f"""<h4 style="text-align:center">QUYẾT ĐỊNH SỐ 845/QĐ-UBND NGÀY 12/5/2025 CỦA UBND TỈNH LÀO CAI PHÊ DUYỆT TỔ CHỨC, CÁ NHÂN CHỦ TRÌ NHIỆM VỤ KHOA HỌC VÀ CÔNG NGHỆ CẤP TỈNH</h4>
{table(STD, ts, attrs='class="table table-bordered"')}"""
    page = nukeviet(
        "Phê duyệt tổ chức, cá nhân chủ trì nhiệm vụ KH&amp;CN cấp tỉnh",
        "Thứ tư - 14/05/2025 09:10",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="122",
    )
    return {
        "id": "html_nukeviet_decision_uppercase_h4",
        "family": "nukeviet",
        "classes": [1],
        "site": None,
        "note": "held-out 7: the decision in an upper-case <h4> ('QUYẾT ĐỊNH SỐ … NGÀY …')",
        "tasks": ts,
        "page": page,
    }


@case
def liferay_document_info_box() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu phát triển giống dê Cỏ Hà Giang theo hướng hàng hóa tại huyện Yên Minh",
                "Trung tâm Giống cây trồng, vật nuôi tỉnh Hà Giang",
                "Cháng Mí Sính",
                "KS.",
                start="2024-09",
                end="2026-08",
                budget=1_240 * TR,
            ),
            T(
                "Ứng dụng công nghệ số trong quản lý nguồn gốc sản phẩm chè Shan tuyết Hà Giang",
                "Trung tâm Chuyển đổi số tỉnh Hà Giang",
                "Nguyễn Minh Đức",
                "ThS.",
                start="2024-10",
                end="2025-12",
                budget=760 * TR,
            ),
        ],
        "1190/QĐ-UBND",
        "2024-07-05",
    )
    body = f"""<table class="table vanban-info" border="1"><tr><td>Số ký hiệu</td><td>1190/QĐ-UBND</td></tr>
<tr><td>Ngày ban hành</td><td>05/07/2024</td></tr><tr><td>Cơ quan ban hành</td><td>UBND tỉnh Hà Giang</td></tr>
<tr><td>Trích yếu</td><td>Phê duyệt danh mục và tổ chức, cá nhân chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh bổ sung năm 2024</td></tr></table>
<p>Danh mục kèm theo:</p>
{table(STD, ts, attrs='class="table table-bordered" border="1"')}"""
    page = liferay(
        "Phê duyệt danh mục nhiệm vụ KH&amp;CN cấp tỉnh bổ sung năm 2024",
        "08/07/2024 08:40",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Hà Giang",
        views="95",
    )
    return {
        "id": "html_liferay_document_info_box",
        "family": "liferay",
        "classes": [1, 7],
        "site": None,
        "note": "held-out 7: the decision given only in a document-information box (Số ký hiệu / Ngày ban hành / Trích yếu) above the list",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_sections_arabic_subnumbers() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng mô hình kinh tế tuần hoàn trong sản xuất nông nghiệp tại huyện Chợ Mới",
            "Trường Đại học Kinh tế và Quản trị kinh doanh - Đại học Thái Nguyên",
            "Đỗ Xuân Luận",
            "TS.",
            kind="research_topic",
            start="2025-01",
            end="2026-12",
            budget=950 * TR,
        ),
        T(
            "Nghiên cứu thực trạng và giải pháp nâng cao chất lượng khám chữa bệnh tuyến xã tỉnh Bắc Kạn",
            "Sở Y tế tỉnh Bắc Kạn",
            "Hà Thị Lụa",
            "ThS.",
            kind="research_topic",
            start="2025-02",
            end="2026-07",
            budget=610 * TR,
        ),
        T(
            "Hoàn thiện quy trình sản xuất bánh gio Bắc Kạn đạt tiêu chuẩn OCOP",
            "Hợp tác xã Nông sản Quang Thuận",
            "Nông Thị Thu",
            None,
            kind="trial_production_project",
            start="2025-03",
            end="2026-12",
            budget=1_480 * TR,
        ),
    ]
    nums = ["1.1", "1.2", "2.1"]
    cols = [("STT", lambda t, n: nums[ts.index(t)])] + STD[1:]
    body = f"""<p>Danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện năm 2025 như sau:</p>
{table(cols, ts, sections={0: "1. Đề tài khoa học", 2: "2. Dự án sản xuất thử nghiệm"})}"""
    page = drupal(
        "Danh mục nhiệm vụ KH&amp;CN cấp tỉnh đặt hàng thực hiện năm 2025",
        "Thứ ba, 10/12/2024 - 15:15",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">15°C</span> Rét. Độ ẩm 82%',
        views="350",
    )
    return {
        "id": "html_drupal_sections_arabic_subnumbers",
        "family": "drupal",
        "classes": [2],
        "site": None,
        "note": "held-out 7: section rows '1. Đề tài khoa học' / '2. Dự án sản xuất thử nghiệm' with rows numbered 1.1, 1.2, 2.1",
        "tasks": ts,
        "page": page,
    }


@case
def wordpress_pi_trinh_do() -> dict:
    ts = [
        T(
            "Nghiên cứu sử dụng than sinh học từ vỏ trấu cải tạo đất bạc màu tại huyện Yên Sơn",
            "Viện Môi trường Nông nghiệp",
            "Vũ Thị Khánh Vân",
            "TS.",
            start="2025-01",
            end="2026-06",
            budget=880 * TR,
        ),
        T(
            "Xây dựng phần mềm hỗ trợ chẩn đoán bệnh trên cây cam bằng hình ảnh",
            "Trường Đại học Tân Trào",
            "Lê Đức Anh",
            "ThS.",
            start="2025-02",
            end="2026-01",
            budget=420 * TR,
        ),
    ]
    body = f"""<p>Danh sách nhiệm vụ khoa học và công nghệ cấp tỉnh mở mới năm 2025:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Họ tên chủ nhiệm", c_name),
                ("Trình độ", c_ptitle),
                ("Tổ chức chủ trì", c_org),
                ("Thời gian thực hiện", c_period),
                ("Kinh phí (triệu đồng)", c_money),
            ],
            ts,
            attrs='class="has-fixed-layout"',
        )
    }"""
    page = wordpress(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh mở mới năm 2025",
        "08/01/2025",
        body,
        site_name="Sở Khoa học và Công nghệ Tuyên Quang",
    )
    return {
        "id": "html_wordpress_pi_trinh_do",
        "family": "wordpress",
        "classes": [3],
        "site": None,
        "note": "held-out 7: 'Họ tên chủ nhiệm' beside 'Trình độ'",
        "tasks": ts,
        "page": page,
    }


@case
def sharepoint_key_value_tables_per_task() -> dict:
    ts = [
        T(
            "Nghiên cứu ứng dụng trí tuệ nhân tạo dự báo sản lượng cây trồng chủ lực tỉnh Cao Bằng",
            "Trung tâm Công nghệ thông tin và Truyền thông tỉnh Cao Bằng",
            "Lương Văn Minh",
            "ThS.",
            kind="research_topic",
            start="2025-04",
            end="2026-09",
            budget=720 * TR,
        ),
        T(
            "Hoàn thiện quy trình chế biến hạt dẻ Trùng Khánh sấy tẩm vị",
            "Hợp tác xã Hạt dẻ Trùng Khánh",
            "Đàm Văn Lợi",
            None,
            kind="trial_production_project",
            start="2025-05",
            end="2027-04",
            budget=1_980 * TR,
        ),
    ]
    kv = []
    for t, kind in zip(ts, ("Đề tài", "Dự án sản xuất thử nghiệm")):
        e = t["exp"]
        kv.append(f"""<table class="ms-rteTable-default" width="100%"><tr><td width="30%">Tên nhiệm vụ</td><td>{esc(e["title"])}</td></tr>
<tr><td>Loại hình</td><td>{kind}</td></tr><tr><td>Tổ chức chủ trì</td><td>{esc(e["host_org"])}</td></tr>
<tr><td>Chủ nhiệm</td><td>{esc(pi_cell(t))}</td></tr><tr><td>Thời gian thực hiện</td><td>{period(t)}</td></tr>
<tr><td>Kinh phí (triệu đồng)</td><td>{million(e["budget_vnd"])}</td></tr></table>""")
    body = (
        "<p>Thông tin các nhiệm vụ khoa học và công nghệ cấp tỉnh được phê duyệt năm 2025:</p>\n"
        + "\n<hr />\n".join(kv)
    )
    page = sharepoint(
        "Thông tin nhiệm vụ KH&amp;CN cấp tỉnh năm 2025",
        "28/04/2025",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
    )
    return {
        "id": "html_sharepoint_key_value_tables_per_task",
        "family": "sharepoint",
        "classes": [2, 6, 8],
        "site": None,
        "note": "held-out 7: one two-column label/value table per task, separated by <hr />",
        "tasks": ts,
        "page": page,
    }


@case
def dnn_combined_org_pi_cell() -> dict:
    ts = [
        T(
            "Nghiên cứu giải pháp phát triển nguồn nhân lực công nghiệp bán dẫn tỉnh Thái Nguyên",
            "Trường Đại học Kỹ thuật Công nghiệp - Đại học Thái Nguyên",
            "Nguyễn Thanh Hà",
            "PGS.TS.",
            start="2025-03",
            end="2026-08",
        ),
        T(
            "Đánh giá chất lượng môi trường không khí khu công nghiệp Yên Bình",
            "Trung tâm Quan trắc tài nguyên và môi trường tỉnh Thái Nguyên",
            "Trần Văn Quý",
            "ThS.",
            start="2025-04",
            end="2026-03",
        ),
    ]
    body = f"""<p>Danh sách nhiệm vụ khoa học và công nghệ cấp tỉnh bắt đầu thực hiện năm 2025:</p>
{
        table(
            [
                ("TT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Cơ quan chủ trì / Chủ nhiệm", lambda t, n: f"{esc(t['exp']['host_org'])}<br />{esc(pi_cell(t))}"),
                ("Thời gian thực hiện", c_period),
            ],
            ts,
        )
    }"""
    page = dnn(
        "Danh sách nhiệm vụ KH&amp;CN cấp tỉnh bắt đầu thực hiện năm 2025",
        "3/10/2025 12:00:00 AM",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        views="141",
    )
    return {
        "id": "html_dnn_combined_org_pi_cell",
        "family": "dnn",
        "classes": [8],
        "site": None,
        "note": "held-out 7: one column 'Cơ quan chủ trì / Chủ nhiệm' holding the organisation, a line break, then the PI",
        "tasks": ts,
        "page": page,
    }


@case
def aspnet_contact_kv_table_beside_tasks() -> dict:
    ts = graded(
        [
            T(
                "Nghiên cứu ứng dụng giống lúa thuần chất lượng cao tại huyện Đắk Hà",
                "Trung tâm Giống nông nghiệp tỉnh Kon Tum",
                "Lê Văn Đông",
                "KS.",
                grade="good",
            ),
            T(
                "Đánh giá thực trạng và giải pháp bảo tồn cồng chiêng của người Gia Rai tại huyện Sa Thầy",
                "Sở Văn hóa, Thể thao và Du lịch tỉnh Kon Tum",
                "Y Ngọc",
                "ThS.",
                grade="pass",
            ),
        ]
    )
    body = f"""<p>Kết quả nghiệm thu nhiệm vụ khoa học và công nghệ cấp tỉnh tháng 11/2024:</p>
{
        table(
            [
                ("STT", c_no),
                ("Tên nhiệm vụ", c_title),
                ("Đơn vị chủ trì", c_org),
                ("Chủ nhiệm", c_pi),
                ("Xếp loại", c_grade),
            ],
            ts,
            attrs='border="1" cellpadding="3" cellspacing="0"',
        )
    }
<p><b>Thông tin liên hệ</b></p>
<table border="0"><tr><td>Địa chỉ</td><td>Số 10 Trần Hưng Đạo, thành phố Kon Tum</td></tr>
<tr><td>Điện thoại</td><td>0260.3862.111</td></tr><tr><td>Người liên hệ</td><td>ThS. Nguyễn Thị Hoa, Phòng Quản lý khoa học</td></tr></table>"""
    page = aspnet(
        "Kết quả nghiệm thu nhiệm vụ KH&amp;CN cấp tỉnh tháng 11/2024",
        "29-11-2024",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Kon Tum",
    )
    return {
        "id": "html_aspnet_contact_kv_table_beside_tasks",
        "family": "aspnet",
        "classes": [7],
        "site": None,
        "note": "held-out 7: acceptance table followed by a borderless address/phone/contact table naming a person with a title",
        "tasks": ts,
        "page": page,
    }


@case
def drupal_vni_mojibake_cells_in_utf8() -> dict:
    ts = with_decision(
        [
            T(
                "Nghiên cứu trồng thử nghiệm cây dược liệu Hà thủ ô đỏ tại huyện Ngân Sơn",
                "Trung tâm Khuyến nông tỉnh Bắc Kạn",
                "Nông Văn Lịch",
                "KS.",
                start="2009-03",
                end="2010-12",
                budget=210 * TR,
            ),
            T(
                "Điều tra hiện trạng sử dụng đất nông nghiệp tại huyện Pác Nặm",
                "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn",
                "Hoàng Thị Mến",
                "ThS.",
                start="2009-04",
                end="2010-06",
                budget=175 * TR,
            ),
        ],
        "530/QĐ-UBND",
        "2009-03-10",
    )

    def vni_surface(s: str) -> str:
        return encode_vni(s).decode("cp1252")

    rows = "\n".join(
        f'<tr><td>{i}</td><td><font face="VNI-Times">{esc(vni_surface(t["exp"]["title"]))}</font></td>'
        f'<td><font face="VNI-Times">{esc(vni_surface(t["exp"]["host_org"]))}</font></td>'
        f'<td><font face="VNI-Times">{esc(vni_surface(pi_cell(t)))}</font></td><td>{period(t)}</td>'
        f"<td>{million(t['exp']['budget_vnd'])}</td></tr>"
        for i, t in enumerate(ts, 1)
    )
    body = f"""<p>Ngày 10/3/2009, UBND tỉnh Bắc Kạn ban hành Quyết định số 530/QĐ-UBND phê duyệt danh mục đề tài, dự án khoa học và công nghệ cấp tỉnh năm 2009 (bài viết chuyển từ trang cũ):</p>
<table border="1" cellspacing="0"><tr><td>TT</td><td>Tên đề tài, dự án</td><td>Cơ quan chủ trì</td><td>Chủ nhiệm</td><td>Thời gian thực hiện</td><td>Kinh phí (triệu đồng)</td></tr>
{rows}
</table>"""
    page = drupal(
        "Danh mục đề tài, dự án KH&amp;CN cấp tỉnh năm 2009",
        "Thứ năm, 12/03/2009 - 09:00",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        weather='Bắc Kạn <span class="temp">18°C</span> Sương mù. Độ ẩm 91%',
        views="2.760",
    )
    return {
        "id": "html_drupal_vni_mojibake_cells_in_utf8",
        "family": "drupal",
        "classes": [1, 5],
        "site": None,
        "note": "held-out 7: a UTF-8 page whose table cells keep VNI text as cp1252 mojibake (<font face=VNI-Times>), the rest Unicode",
        "tasks": ts,
        "page": page,
    }


@case
def nukeviet_negative_trademark_support() -> dict:
    body = """<p>Sở Khoa học và Công nghệ thông báo kết quả xét hỗ trợ đăng ký bảo hộ nhãn hiệu năm 2024:</p>
<table class="table table-bordered"><tr><th>STT</th><th>Tên tổ chức, cá nhân</th><th>Sản phẩm</th><th>Người đại diện</th><th>Mức hỗ trợ (triệu đồng)</th></tr>
<tr><td>1</td><td>Hợp tác xã Mật ong Bắc Hà</td><td>Mật ong bạc hà</td><td>Ông Vàng Seo Chúng</td><td>30</td></tr>
<tr><td>2</td><td>Công ty TNHH Chè Shan tuyết Y Tý</td><td>Chè Shan tuyết</td><td>Bà Hoàng Thị Duyên</td><td>30</td></tr></table>"""
    page = nukeviet(
        "Kết quả xét hỗ trợ đăng ký bảo hộ nhãn hiệu năm 2024",
        "Thứ hai - 18/11/2024 14:00",
        body,
        site_name="Sở Khoa học và Công nghệ tỉnh Lào Cai",
        views="88",
    )
    return {
        "id": "html_nukeviet_negative_trademark_support",
        "family": "nukeviet",
        "classes": [7],
        "site": None,
        "note": "held-out 7 negative: trademark-registration support table (organisations, products, representatives, amounts), no task",
        "tasks": [],
        "page": page,
    }


def main() -> int:
    ids = set()
    for fn in REGISTRY:
        c = fn()
        assert c["id"] not in ids and c["id"].startswith("html_"), c["id"]
        ids.add(c["id"])
        write_case(c)
    n = sum(len(fn()["tasks"]) for fn in REGISTRY)
    print(f"wrote {len(ids)} HTML cases ({n} expected tasks) to {CASES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
