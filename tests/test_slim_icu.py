"""packaging/slim_icu.py: Qt behaves the same with the trimmed ICU data as with the full one.

A copy of the venv's PySide6 gets the trimmed libicudata; one probe script runs in a subprocess
against the original packages and against the copy, and every ICU-backed answer must match.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
import slim_icu

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PySide6 bundles ICU only on Linux")

PROBE = r"""
import json, sys, zlib
from functools import cmp_to_key
from PySide6 import QtCore
from PySide6.QtCore import (QBuffer, QByteArray, QCollator, QDate, QDateTime, QLocale, QStringDecoder, QStringEncoder,
                            QTextBoundaryFinder, QTime, QTimeZone, QXmlStreamReader)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
result = {}
names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞", "阿华", "白云", "欧阳娜娜"]
mixed = ["张三", "Zhang San", "apple", "Apple", "阿里", "Émile", "éclair", "中心", "zebra", "123", "李四", "ångström"]
english = ["peach", "Péché", "péché", "pêche", "resume", "résumé", "Resume", "co-op", "coop", "Zulu", "zulu", "10", "9"]
for locale in ("zh_CN", "en_US"):
    collator = QCollator(QLocale(locale))
    for label, words in (("names", names), ("mixed", mixed), ("english", english)):
        result[f"sort {locale} {label}"] = sorted(words, key=cmp_to_key(collator.compare))
    collator.setNumericMode(True)
    collator.setCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)
    numbered = ["第10号", "第9号", "item 10", "Item 9", "第1号"]
    result[f"sort {locale} numeric"] = sorted(numbered, key=cmp_to_key(collator.compare))

# PySide6 exposes no encode/decode calls on QStringEncoder/QStringDecoder, so the ICU decoders are
# reached through QXmlStreamReader, which decodes a document in the encoding its declaration names.
samples = {"GB18030": ("gb18030", "养老服务站：张三、李四。Straße café 𠀀 ＡＢＣ"),
           "GBK": ("gbk", "养老服务站：张三、李四。"), "GB2312": ("gb2312", "养老服务站张三李四"),
           "Big5": ("big5", "養老服務站：張三、李四。"),
           "Big5-HKSCS": ("big5hkscs", "養老服務站：張三、李四。"), "UTF-16": ("utf-16", "养老 Straße 𠀀"),
           "windows-1252": ("cp1252", "Straße café €"), "ISO-8859-15": ("iso8859_15", "Straße café €")}
for codec, (python_codec, text) in samples.items():
    document = f'<?xml version="1.0" encoding="{codec}"?><t>{text}</t>'.encode(python_codec)
    buffer = QBuffer()
    buffer.setData(QByteArray(document))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    reader, decoded = QXmlStreamReader(buffer), []
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            decoded.append(reader.text())
    encoder, decoder = QStringEncoder(codec), QStringDecoder(codec)
    result[f"codec {codec}"] = [encoder.isValid(), encoder.name(), decoder.isValid(), decoder.name(),
                                decoded, reader.hasError()]

sentences = ["老人住在县城东边的养老服务站里，每周二有医生上门。",
             "The quick brown fox can't jump over 3.14 lazy dogs, e.g. Mr. Smith's."]
for sentence in sentences:
    for kind in ("Word", "Line", "Sentence", "Grapheme"):
        finder = QTextBoundaryFinder(getattr(QTextBoundaryFinder.BoundaryType, kind), sentence)
        positions = [finder.position()]
        while finder.toNextBoundary() != -1:
            positions.append(finder.position())
        result[f"breaks {kind} {sentence[:6]}"] = positions

date, moment = QDate(2026, 11, 24), QDateTime(QDate(2026, 2, 3), QTime(14, 5, 9), QTimeZone(b"Asia/Shanghai"))
for locale_name in ("zh_CN", "en_US"):
    locale = QLocale(locale_name)
    result[f"locale {locale_name}"] = [
        locale.toString(1234567.891, "f", 2), locale.toString(-9876543), locale.toCurrencyString(1234.5),
        locale.toString(date, QLocale.FormatType.LongFormat), locale.toString(date, QLocale.FormatType.ShortFormat),
        locale.toString(moment, "yyyy MMMM d dddd HH:mm:ss t tttt"),
        [locale.monthName(m) for m in range(1, 13)],
        [locale.standaloneMonthName(m, QLocale.FormatType.ShortFormat) for m in range(1, 13)],
        [locale.dayName(d) for d in range(1, 8)], locale.amText(), locale.pmText(),
        locale.toUpper("straße ǆemal ﬁne ŉ ΣΑΣ σας"), locale.toLower("İSTANBUL ΣΑΣ ǅ"), locale.nativeLanguageName(),
    ]
    for zone in ("Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata", "Asia/Taipei", "UTC",
                 "Etc/GMT-8"):
        tz = QTimeZone(zone.encode())
        result[f"zone {locale_name} {zone}"] = [tz.displayName(t, n, locale)
                                                for t in QTimeZone.TimeType for n in QTimeZone.NameType]
result["upper"] = ["straße ǆ ǉ ﬀ".upper(), QtCore.QLocale().toUpper("straße ǆ ǉ ﬀ")]
# Only the kept families: the full list also names every converter that was dropped on purpose.
result["codecs"] = sorted(c for c in QStringDecoder.availableCodecs() if c.upper().startswith(("GB", "BIG5", "UTF")))

label = QLabel("养老服务站 CareMatch 张三 李四")
label.setFont(QFont("Noto Sans CJK SC", 16))
label.adjustSize()
image = label.grab().toImage()
background = image.pixelColor(0, 0)
inked = sum(image.pixelColor(x, y) != background for x in range(image.width()) for y in range(image.height()))
result["label"] = [image.width(), image.height(), inked > 200, zlib.crc32(bytes(image.constBits()))]

icu_libraries = sorted({line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line})
print(json.dumps({"icudata": icu_libraries, "result": result}, ensure_ascii=False))
"""


def _icu_data(site_packages: Path) -> Path:
    """The ICU data library of a PySide6 installation (its version follows the wheel's ICU)."""
    (library,) = (site_packages / "PySide6" / "Qt" / "lib").glob("libicudata.so.*")
    return library


def _site_packages() -> Path:
    import PySide6

    return Path(PySide6.__file__).resolve().parents[1]


def _run_probe(pythonpath: Path | None, tmp_path: Path) -> dict[str, object]:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    completed = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    # Qt reports ICU failures as e.g. "ucol_open failed with error 2" or "ICU ... U_FILE_ACCESS_ERROR".
    assert not re.search(r"\bicu\b|ucol_|ucnv_|ucal_|U_[A-Z_]*ERROR", completed.stderr, re.IGNORECASE), completed.stderr
    return json.loads(completed.stdout)  # type: ignore[no-any-return]


def _copy_qt(destination: Path) -> Path:
    """PySide6 + shiboken6 copied side by side, hard-linked where possible (slim_icu replaces files, never writes)."""

    def link_or_copy(source: str, target: str) -> object:
        try:
            os.link(source, target)
            return target
        except OSError:
            return shutil.copy2(source, target)

    for package in ("PySide6", "shiboken6"):
        shutil.copytree(_site_packages() / package, destination / package, copy_function=link_or_copy, symlinks=True)
    return _icu_data(destination)


@pytest.fixture(scope="module")
def slim_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not all(shutil.which(tool) or shutil.which(tool, path="/usr/sbin") for tool in ("icupkg", "as", "ld")):
        pytest.skip("icupkg (icu-devtools) or as/ld (binutils) not installed")
    root = tmp_path_factory.mktemp("slim_qt")
    library = _copy_qt(root)
    original_inode = _icu_data(_site_packages()).stat().st_ino
    before, after = slim_icu.slim_icu(library)
    assert after < before / 4
    assert library.stat().st_ino != original_inode  # the venv's own file is untouched
    return root


def test_qt_gives_the_same_answers_with_the_trimmed_icu_data(slim_copy: Path, tmp_path: Path) -> None:
    full = _run_probe(None, tmp_path)
    slim = _run_probe(slim_copy, tmp_path)
    assert full["icudata"] == [str(_icu_data(_site_packages()))]
    assert slim["icudata"] == [str(_icu_data(slim_copy))]
    full_result, slim_result = full["result"], slim["result"]
    assert isinstance(full_result, dict) and isinstance(slim_result, dict)
    # The probe is not vacuous: zh_CN sorts by pinyin (not code point or radical-stroke order),
    # the Chinese codecs work and the label shows ink.
    assert full_result["sort zh_CN names"] == [
        "阿华", "白云", "陈静", "黄勇", "李娜", "刘洋", "欧阳娜娜", "王芳", "吴霞", "杨磊", "张伟", "赵敏", "周杰"
    ]  # fmt: skip
    assert full_result["codec GB18030"][4] == ["养老服务站：张三、李四。Straße café 𠀀 ＡＢＣ"]
    assert full_result["codec Big5"][4] == ["養老服務站：張三、李四。"]
    assert full_result["label"][2]
    differences = {
        key: (full_result[key], slim_result.get(key)) for key in full_result if full_result[key] != slim_result.get(key)
    }
    assert not differences
    assert slim_result.keys() == full_result.keys()


def test_is_kept_keeps_chinese_and_english_and_drops_the_rest() -> None:
    kept = ["coll/zh.res", "coll/root.res", "coll/ucadata.icu", "zh_Hans_CN.res", "en_US.res", "zone/zh.res",
            "gb18030.cnv", "windows-936-2000.cnv", "cnvalias.icu", "pool.res", "supplementalData.res",
            "zoneinfo64.res"]  # fmt: skip
    dropped = ["coll/de__PHONEBOOK.res", "coll/ja.res", "fr.res", "zh_Hant_TW.res", "brkitr/cjdict.dict",
               "ibm-930_P120-1999.cnv", "translit/root.res", "unames.icu", "rfc3491.spp", "curr/pool.res"]  # fmt: skip
    assert [item for item in kept if not slim_icu.is_kept(item)] == []
    assert [item for item in dropped if slim_icu.is_kept(item)] == []


def test_a_library_without_icu_data_is_refused(tmp_path: Path) -> None:
    not_icu = tmp_path / "libicudata.so.73"
    shutil.copy(sys.executable, not_icu)  # an ELF file, but with no icudtNN_dat package in it
    with pytest.raises(slim_icu.SlimIcuError):
        slim_icu.slim_icu(not_icu)
