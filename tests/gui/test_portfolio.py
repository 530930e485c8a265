"""Portfolio: SQL-backed lazy model, search and filters against the expected rows, export."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from branchcrm.gui.portfolio_model import PortfolioModel
from branchcrm.gui.portfolio_page import PortfolioPage
from branchcrm.gui.settings import Settings
from branchcrm.services.portfolio import PortfolioQuery
from branchcrm.tasks import TaskRunner
from tests.gui.conftest import World, type_text

# In pinyin order (李 lǐ, 王 wáng, 张 zhāng), not in code point order (张 < 李 < 王).
M1_NAMES = ['=HYPERLINK("x")', "李娜", "王芳", "张伟", "张伟强"]


def _page(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, actor: str = "m1"
) -> PortfolioPage:
    page = PortfolioPage(world.gateway(getattr(world.branch, actor)), settings, runner)
    qtbot.addWidget(page)
    page.show()
    page.load()
    qtbot.waitUntil(lambda: page.options_ready, timeout=5000)  # filled off the GUI thread
    return page


def names(page: PortfolioPage) -> list[str]:
    return [r.name for r in page.model.rows]


def test_model_passes_the_model_tester_and_pages_lazily(
    qtbot: QtBot, world: World, qtmodeltester: object
) -> None:
    gateway = world.gateway(world.branch.m1)
    model = PortfolioModel(gateway.call, page_size=2)
    model.set_query(PortfolioQuery())
    assert model.total == 5 and model.rowCount() == 2
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 5 and not model.canFetchMore()
    assert [r.name for r in model.rows] == M1_NAMES
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    empty = PortfolioModel(world.gateway(world.branch.m3).call)
    empty.set_query(PortfolioQuery())
    assert empty.rowCount() == 0 and not empty.canFetchMore()
    qtmodeltester.check(empty)  # type: ignore[attr-defined]


def test_lists_my_customers_with_formatted_columns(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner)
    assert names(page) == M1_NAMES
    assert page.count_label.text() == "5 customers"
    row = names(page).index("张伟")
    assert page.model.index(row, 8).data() == "138****8000"
    assert page.model.index(row, 2).data() == "0.00"
    assert page.model.index(row, 2).data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight.value
    )
    assert page.model.index(row, 3).data() == "王经理"
    assert page.model.index(row, 7).data() == "代发"


def test_search_as_you_type_in_chinese_requeries(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner)
    with qtbot.waitSignal(page.model.count_changed, timeout=2000):
        type_text(page.search, "张伟")
    assert sorted(names(page)) == ["张伟", "张伟强"]
    qtbot.wait(200)
    page.search.clear()
    queried: list[str] = []
    fetch = page.model.fetch
    page.model.fetch = lambda fn, q, *a: queried.append(q.term) or fetch(fn, q, *a)
    qtbot.keyClicks(page.search, "0137")  # phone fragment, four keys before Qt runs again
    assert page.search_pending and queried == []  # no query waits for a debounce delay...
    qtbot.waitUntil(lambda: page.model.query.term == "0137", timeout=2000)
    assert queried == ["0137"]  # ...and keys already typed share one query
    assert names(page) == ["李娜"]


def test_the_count_runs_off_the_gui_thread_and_a_new_order_never_recounts(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner, actor="supervisor")  # a branch: counted apart
    page.model.page_size = 2  # so that the first page cannot count itself
    counted: list[object] = []
    page.model.count_later = lambda q, done: counted.append(q) or page._count_later(q, done)
    with qtbot.waitSignal(page.model.count_changed, timeout=5000) as blocker:
        page.refresh()
        assert page.count_label.text() == "Counting customers…"
        assert page.model.total is None and page.model.canFetchMore()
    assert blocker.args == [7] and page.count_label.text() == "7 customers"
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert page.model.total == 7 and len(counted) == 1  # the same rows, counted already
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert sorted(names(page)) == sorted([*M1_NAMES, "刘洋", "陈静"])


def test_filters_tag_risk_and_days_since_contact(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner)
    page.tag.setCurrentIndex(page.tag.findData("VIP"))
    assert names(page) == ["王芳"]
    page.tag.setCurrentIndex(0)
    page.risk.setCurrentIndex(page.risk.findData("C3"))
    assert names(page) == ["李娜"]
    page.risk.setCurrentIndex(0)
    page.days.setValue(30)
    page.apply_filters()
    assert "王芳" not in names(page) and len(names(page)) == 4  # 王芳 was contacted today


def test_supervisor_sees_the_branch_and_filters_by_manager(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner, actor="supervisor")
    assert page.scope.currentData() == "branch"
    assert len(names(page)) == 7
    m2 = world.branch.m2.staff_id
    page.manager.setCurrentIndex(page.manager.findData(m2))
    assert sorted(names(page)) == ["刘洋", "陈静"]


def test_sort_is_pushed_to_sql(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner)
    page.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert page.model.query.sort == "name" and page.model.query.descending
    assert names(page) == list(reversed(M1_NAMES))
    page.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # last contact
    assert page.model.query.sort == "last_contact"
    assert names(page)[0] == "王芳"


def test_column_layout_is_remembered_per_user(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner
) -> None:
    page = _page(qtbot, world, settings, runner)
    page.table.horizontalHeader().moveSection(8, 1)
    page.table.setColumnWidth(0, 222)
    page.save_layout()
    again = _page(qtbot, world, settings, runner)
    assert again.table.horizontalHeader().visualIndex(8) == 1
    assert again.table.columnWidth(0) == 222
    other = _page(qtbot, world, settings, runner, actor="m2")
    assert other.table.horizontalHeader().visualIndex(8) == 8


def test_export_writes_text_never_formulas(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, tmp_path: Path
) -> None:
    page = _page(qtbot, world, settings, runner)
    target = tmp_path / "out.xlsx"
    handle = page.export(target)
    assert handle is not None
    with qtbot.waitSignal(handle.finished, timeout=10000) as blocker:
        pass
    assert blocker.args == [5]
    with zipfile.ZipFile(target) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    from openpyxl import load_workbook

    ws = load_workbook(target).active
    assert ws is not None
    values = [c.value for c in ws["A"]]
    assert values[0] == "Name"
    assert '=HYPERLINK("x")' in values
    cell = next(c for c in ws["A"] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"


def test_export_of_an_empty_view(
    qtbot: QtBot, world: World, settings: Settings, runner: TaskRunner, tmp_path: Path
) -> None:
    page = _page(qtbot, world, settings, runner, actor="m3")
    assert page.model.rowCount() == 0 and page.count_label.text() == "0 customers"
    handle = page.export(tmp_path / "empty.xlsx")
    assert handle is not None
    with qtbot.waitSignal(handle.finished, timeout=10000) as blocker:
        pass
    assert blocker.args == [0]
    assert (tmp_path / "empty.xlsx").exists()


def test_tiers_are_shown_in_their_colours(qtbot: object) -> None:
    from PySide6.QtCore import Qt

    from branchcrm.gui.portfolio_model import TIER_COLOURS, TIER_COLUMN, PortfolioModel
    from branchcrm.services import portfolio as service
    from branchcrm.services.portfolio import PortfolioRow

    row = PortfolioRow(
        1, "金卡客户", "gold", "金卡", 6_000_000, None, None, None, None, "", "", 80, None
    )

    def fetch(fn: object, *_args: object) -> object:
        assert fn is service.fetch_page  # a single row counts itself
        return service.Page([row], more=False, total=1)

    model = PortfolioModel(fetch)
    model.reload()
    colour = model.data(model.index(0, TIER_COLUMN), Qt.ItemDataRole.ForegroundRole)
    assert colour == TIER_COLOURS["gold"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
