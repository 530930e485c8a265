"""``branchcrm --user LOGIN gui --screenshot DIR`` renders every main screen and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.factories import PASSWORD
from tests.gui.conftest import World


def test_screenshot_mode_writes_each_screen(world: World, tmp_path: Path) -> None:
    url = world.db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "shots"
    env = {
        **os.environ,
        "BRANCHCRM_PASSWORD": PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "branchcrm.cli",
            "--db",
            url,
            "--user",
            "m1",
            "gui",
            "--screenshot",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    for expected in (
        "01-sign-in.png",
        "02-today.png",
        "03-portfolio.png",
        "04-customer-1-profile.png",
        "04-customer-7-changes.png",
        "05-new-customer.png",
        "06-log-contact.png",
        "07-settings.png",
        "08-locked.png",
        "09-import.png",  # the contributed screens a manager may open
        "11-review.png",
    ):
        assert expected in names
    image = QImage(str(out / "02-today.png"))
    assert image.width() >= 1000 and image.height() >= 600


def test_supervisor_screens_at_twice_the_scale(world: World, tmp_path: Path) -> None:
    """150 %/200 % screens: Qt scales the whole window; the grab has the device pixels."""
    url = world.db.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "shots"
    env = {
        **os.environ,
        "BRANCHCRM_PASSWORD": PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "branchcrm.cli", "--db", url, "--user", "sup", "gui"]
    done = subprocess.run(
        [*command, "--screenshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.glob("*.png")}
    assert {"09-dashboard.png", "11-rebalancing.png", "11-rebalancing-handover.png"} <= names
    image = QImage(str(out / "02-today.png"))
    assert image.width() >= 2 * 1366 and image.height() >= 2 * 760


def test_screenshot_mode_refuses_a_wrong_password(world: World, tmp_path: Path) -> None:
    url = world.db.engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "BRANCHCRM_PASSWORD": "wrong-password",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "branchcrm.cli",
            "--db",
            url,
            "--user",
            "m1",
            "gui",
            "--screenshot",
            str(tmp_path / "shots"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "wrong login or password" in done.stderr
