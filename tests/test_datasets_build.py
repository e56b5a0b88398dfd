"""Building bundled tables: sources are checked against their SHA256SUMS before anything is derived."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from shared_data import shared_file

from survival.datasets.build import checked_sources
from survival.datasets.catalogue import build_dataset
from survival.errors import SurvivalDataError


def folder_with(tmp_path, text: str = "a,b\n1,2\n"):
    (tmp_path / "data.csv").write_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    (tmp_path / "SHA256SUMS").write_text(f"{digest}  data.csv\n")
    return tmp_path


def test_a_listed_file_with_its_checksum_passes(tmp_path):
    assert checked_sources(folder_with(tmp_path), ["data.csv"]) == [tmp_path / "data.csv"]


def test_a_changed_file_is_refused(tmp_path):
    folder_with(tmp_path)
    (tmp_path / "data.csv").write_text("a,b\n1,3\n")
    with pytest.raises(
        SurvivalDataError, match=r"data.csv differs from the one its SHA256SUMS lists.*restore"
    ):
        checked_sources(tmp_path, ["data.csv"])


def test_missing_files_and_sums_are_refused(tmp_path):
    with pytest.raises(SurvivalDataError, match=r"The source folder has no SHA256SUMS.*as published"):
        checked_sources(tmp_path, ["data.csv"])
    folder_with(tmp_path)
    with pytest.raises(SurvivalDataError, match=r"other.csv is missing or not listed in SHA256SUMS"):
        checked_sources(tmp_path, ["other.csv"])


def test_a_dataset_is_not_built_from_a_tampered_copy(tmp_path):
    source = shared_file("slovenia-colorectal", "colrec.csv").parent
    copy = tmp_path / "slovenia-colorectal"
    shutil.copytree(source, copy)
    (copy / "colrec.csv").chmod(0o644)
    with (copy / "colrec.csv").open("a") as f:
        f.write('1,23004,"1994-08-26",16,0,"1","rectum"\n')
    with pytest.raises(SurvivalDataError, match=r"colrec.csv differs"):
        build_dataset("slovenia-colorectal", source=copy, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_finnish_sets_need_popmort_beside_them(tmp_path):
    copy = tmp_path / "finland-melanoma"
    shutil.copytree(shared_file("finland-melanoma", "melanoma.csv").parent, copy)
    with pytest.raises(
        SurvivalDataError, match=r"The source folder has no SHA256SUMS. Where: .*finland-popmort"
    ):
        build_dataset("finland-melanoma", source=copy, out_dir=tmp_path / "out")


def test_unknown_names_list_everything_buildable():
    with pytest.raises(SurvivalDataError, match=r"no bundled data set 'x'.*population:us"):
        build_dataset("x")
