"""Translations of words that come from the core's tables (field headers, skills, weekdays).

The core names its template columns in Chinese (the registry field table); the window shows
them in the current language. QT_TRANSLATE_NOOP marks them for pyside6-lupdate, so they live
in resources/i18n/carematch_en.ts like every other string of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIELD_LABELS = (
    QT_TRANSLATE_NOOP("fields", "上门服务"),
    QT_TRANSLATE_NOOP("fields", "上门服务项目"),
    QT_TRANSLATE_NOOP("fields", "乡镇(街道)"),
    QT_TRANSLATE_NOOP("fields", "供餐时段"),
    QT_TRANSLATE_NOOP("fields", "保障类别"),
    QT_TRANSLATE_NOOP("fields", "出生日期"),
    QT_TRANSLATE_NOOP("fields", "助餐"),
    QT_TRANSLATE_NOOP("fields", "县(区)"),
    QT_TRANSLATE_NOOP("fields", "可服务日"),
    QT_TRANSLATE_NOOP("fields", "名称"),
    QT_TRANSLATE_NOOP("fields", "坐标系"),
    QT_TRANSLATE_NOOP("fields", "堂食半径(公里)"),
    QT_TRANSLATE_NOOP("fields", "备注"),
    QT_TRANSLATE_NOOP("fields", "姓名"),
    QT_TRANSLATE_NOOP("fields", "居住情况"),
    QT_TRANSLATE_NOOP("fields", "已停业"),
    QT_TRANSLATE_NOOP("fields", "已离职"),
    QT_TRANSLATE_NOOP("fields", "性别"),
    QT_TRANSLATE_NOOP("fields", "总床位"),
    QT_TRANSLATE_NOOP("fields", "所属机构"),
    QT_TRANSLATE_NOOP("fields", "技能"),
    QT_TRANSLATE_NOOP("fields", "救护员证"),
    QT_TRANSLATE_NOOP("fields", "日供餐能力(份)"),
    QT_TRANSLATE_NOOP("fields", "星级"),
    QT_TRANSLATE_NOOP("fields", "是否送餐"),
    QT_TRANSLATE_NOOP("fields", "最大服务对象数"),
    QT_TRANSLATE_NOOP("fields", "服务半径(公里)"),
    QT_TRANSLATE_NOOP("fields", "村(社区)"),
    QT_TRANSLATE_NOOP("fields", "每周上门次数"),
    QT_TRANSLATE_NOOP("fields", "特殊膳食"),
    QT_TRANSLATE_NOOP("fields", "类型"),
    QT_TRANSLATE_NOOP("fields", "紧急联系人"),
    QT_TRANSLATE_NOOP("fields", "紧急联系电话"),
    QT_TRANSLATE_NOOP("fields", "纬度"),
    QT_TRANSLATE_NOOP("fields", "经度"),
    QT_TRANSLATE_NOOP("fields", "编号"),
    QT_TRANSLATE_NOOP("fields", "老年人口"),
    QT_TRANSLATE_NOOP("fields", "曾用名"),
    QT_TRANSLATE_NOOP("fields", "联系人"),
    QT_TRANSLATE_NOOP("fields", "联系电话"),
    QT_TRANSLATE_NOOP("fields", "能力等级"),
    QT_TRANSLATE_NOOP("fields", "认知障碍"),
    QT_TRANSLATE_NOOP("fields", "认知障碍床位"),
    QT_TRANSLATE_NOOP("fields", "认知障碍床位已占用"),
    QT_TRANSLATE_NOOP("fields", "认知障碍照护"),
    QT_TRANSLATE_NOOP("fields", "证书等级"),
    QT_TRANSLATE_NOOP("fields", "详细地址"),
    QT_TRANSLATE_NOOP("fields", "身份证号"),
    QT_TRANSLATE_NOOP("fields", "送餐"),
    QT_TRANSLATE_NOOP("fields", "送餐半径(公里)"),
)

VALUE_LABELS = (
    QT_TRANSLATE_NOOP("values", "助餐"),
    QT_TRANSLATE_NOOP("values", "助浴"),
    QT_TRANSLATE_NOOP("values", "助洁"),
    QT_TRANSLATE_NOOP("values", "助行"),
    QT_TRANSLATE_NOOP("values", "助医"),
    QT_TRANSLATE_NOOP("values", "康复护理"),
    QT_TRANSLATE_NOOP("values", "认知照护"),
    QT_TRANSLATE_NOOP("values", "医疗护理"),
    QT_TRANSLATE_NOOP("values", "精神慰藉"),
    QT_TRANSLATE_NOOP("values", "周一"),
    QT_TRANSLATE_NOOP("values", "周二"),
    QT_TRANSLATE_NOOP("values", "周三"),
    QT_TRANSLATE_NOOP("values", "周四"),
    QT_TRANSLATE_NOOP("values", "周五"),
    QT_TRANSLATE_NOOP("values", "周六"),
    QT_TRANSLATE_NOOP("values", "周日"),
    QT_TRANSLATE_NOOP("values", "午餐"),
    QT_TRANSLATE_NOOP("values", "晚餐"),
    QT_TRANSLATE_NOOP("values", "低盐"),
    QT_TRANSLATE_NOOP("values", "低糖"),
    QT_TRANSLATE_NOOP("values", "软食"),
    QT_TRANSLATE_NOOP("values", "流食"),
)


def field_label(zh: str) -> str:
    return QCoreApplication.translate("fields", zh)


def value_label(zh: str) -> str:
    return QCoreApplication.translate("values", zh)


def values_text(values: list[str] | tuple[str, ...]) -> str:
    from carematch.gui.tasks import ui_lang

    separator = "、" if ui_lang() == "zh" else ", "
    return separator.join(value_label(value) for value in values)
