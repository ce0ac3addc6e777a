"""The station's standard catalogue: job types with their standard specs and step templates,
departments, machines and routes. Used by the demo station and as a starting point for a
real station. Step texts are written as ruby markup (see flat_desktop.ruby) so the kana
readings travel with them; ``$name`` is filled from the order (``$quantity``, spec keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flat_desktop import ruby


@dataclass(frozen=True)
class Step:
    title: str
    markup: str
    kind: str = "plain"
    icon: str = "fa6s.circle-check"
    machine_type: str | None = None
    count_source: str | None = None
    min_dwell_s: float | None = None
    info_only: bool = False
    expected_code: str | None = None
    when: dict[str, Any] | None = None  # the step's condition on the order's spec values

    def row(self, position: int) -> dict[str, Any]:
        return {
            "position": position,
            "title": self.title,
            "text": ruby.to_plain(self.markup),
            "reading": self.markup,
            "icon": self.icon,
            "kind": self.kind,
            "machine_type": self.machine_type,
            "count_source": self.count_source,
            "min_dwell_s": self.min_dwell_s,
            "info_only": self.info_only,
            "expected_code": self.expected_code,
            "picture": None,
            "condition": self.when,
        }


@dataclass(frozen=True)
class JobTypeDef:
    key: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    minutes_per_unit: float
    setup_minutes: float
    colour: str
    icon: str
    spec: list[dict[str, Any]]
    steps: list[Step]
    kind: str = "on_demand"
    quantity_hint: tuple[int, int] = (1, 100)
    titles: tuple[str, ...] = ()
    # Delivered without a quality check: the rounds (the round is the delivery) and lending (the
    # worker hands the camera over and gets a signature).
    check_waived: bool = False


def only(field: str, *values: Any) -> dict[str, Any]:
    """A step condition: the step is in the job only when ``field`` has one of ``values``."""
    return {"field": field, "is": list(values)}


def unless(field: str, *values: Any) -> dict[str, Any]:
    """A step condition: the step is left out when ``field`` has one of ``values``."""
    return {"field": field, "is_not": list(values)}


def f_int(
    key: str,
    label: str,
    label_en: str,
    *,
    default: int | None = None,
    lo: int = 1,
    hi: int = 10000,
    unit: str = "",
    unit_en: str = "",
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "key": key,
        "label": label,
        "label_en": label_en,
        "type": "int",
        "min": lo,
        "max": hi,
        "unit": unit,
        "unit_en": unit_en,
    }
    if default is not None:
        d["default"] = default
    return d


def f_choice(
    key: str, label: str, label_en: str, choices: list[tuple[str, str, str]], default: str | None = None
) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "label_en": label_en,
        "type": "choice",
        "choices": [{"value": v, "label": lab, "label_en": en} for v, lab, en in choices],
        "default": default if default is not None else choices[0][0],
    }


def f_bool(key: str, label: str, label_en: str, default: bool = False) -> dict[str, Any]:
    return {"key": key, "label": label, "label_en": label_en, "type": "bool", "default": default}


def f_text(key: str, label: str, label_en: str, *, required: bool = True, default: str | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"key": key, "label": label, "label_en": label_en, "type": "text", "required": required}
    if default is not None:
        d["default"] = default
    return d


def f_date(key: str, label: str, label_en: str) -> dict[str, Any]:
    return {"key": key, "label": label, "label_en": label_en, "type": "date", "required": False}


PAPER = [("A4", "A4", "A4"), ("A3", "A3", "A3"), ("B4", "B4", "B4"), ("B5", "B5", "B5")]

JOB_TYPES: list[JobTypeDef] = [
    JobTypeDef(
        "minutes",
        "会議録作成",
        "Meeting minutes",
        "分",
        "audio minutes",
        4.0,
        15,
        "#1565C0",
        "fa6s.microphone",
        [
            f_text("meeting", "会議名", "Meeting"),
            f_int("speakers", "発言者の数", "Speakers", default=5, hi=100, unit="人", unit_en="people"),
            f_choice("style", "形式", "Style", [("full", "全文", "Verbatim"), ("summary", "要点筆記", "Summary")]),
        ],
        [
            Step("音声を保存", "{音声|おんせい}データをパソコンに{保存|ほぞん}します。", icon="fa6s.floppy-disk"),
            Step(
                "文字起こし",
                "{音声|おんせい}{認識|にんしき}ソフトで{文字|もじ}{起|お}こしをします。",
                icon="fa6s.microphone",
            ),
            Step(
                "校正",
                "{音声|おんせい}を{聞|き}きながら、まちがいを{直|なお}します。",
                kind="check",
                icon="fa6s.file-pen",
            ),
            Step(
                "要点をまとめる",
                "{発言|はつげん}の{要点|ようてん}を{短|みじか}くまとめます。",
                icon="fa6s.list-check",
                when=only("style", "summary"),
            ),
            Step("様式を整える", "{標準|ひょうじゅん}の{様式|ようしき}に{整|ととの}えます。", icon="fa6s.table-list"),
            Step(
                "最終確認",
                "{誤字|ごじ}や{脱字|だつじ}がないか、もう{一度|いちど}{確|たし}かめます。",
                kind="check",
                icon="fa6s.magnifying-glass",
            ),
            Step(
                "共有フォルダへ", "ファイルを{共有|きょうゆう}フォルダに{保存|ほぞん}します。", icon="fa6s.folder-open"
            ),
        ],
        quantity_hint=(20, 120),
        titles=("定例部長会議", "県政課題検討会", "審議会 第3回", "庁内連絡会議", "有識者懇談会"),
    ),
    JobTypeDef(
        "data_entry",
        "データ入力・集計",
        "Data entry / tallying",
        "枚",
        "sheets",
        1.5,
        10,
        "#00695C",
        "fa6s.keyboard",
        [
            f_int("fields", "1枚の項目数", "Fields per sheet", default=10, hi=200),
            f_choice("method", "入力方法", "Method", [("ocr", "AI-OCR", "AI-OCR"), ("manual", "手入力", "Manual")]),
            f_bool("tally", "集計表を作る", "Make a tally table", default=True),
        ],
        [
            Step(
                "調査票を数える",
                "{調査票|ちょうさひょう}を{数|かぞ}えます。{全部|ぜんぶ}で$quantity{枚|まい}です。",
                kind="count",
                count_source="quantity",
                icon="fa6s.calculator",
            ),
            Step(
                "スキャン",
                "スキャナーで{調査票|ちょうさひょう}を{読|よ}み{取|と}ります。",
                kind="machine",
                machine_type="scanner",
                count_source="quantity",
                icon="fa6s.copy",
                when=only("method", "ocr"),
            ),
            Step(
                "読み取り結果の確認",
                "{読|よ}み{取|と}った{文字|もじ}が{正|ただ}しいか{確|たし}かめます。",
                kind="check",
                icon="fa6s.magnifying-glass",
                when=only("method", "ocr"),
            ),
            Step(
                "手で入力",
                "{調査票|ちょうさひょう}を{見|み}ながら、パソコンに{入力|にゅうりょく}します。",
                icon="fa6s.keyboard",
                when=only("method", "manual"),
            ),
            Step(
                "入力の確認",
                "{入力|にゅうりょく}した{文字|もじ}が{正|ただ}しいか{確|たし}かめます。",
                kind="check",
                icon="fa6s.magnifying-glass",
                when=only("method", "manual"),
            ),
            Step(
                "集計", "{集計表|しゅうけいひょう}を{作|つく}ります。", icon="fa6s.table-list", when=only("tally", True)
            ),
            Step(
                "元に戻す",
                "{調査票|ちょうさひょう}を{元|もと}の{順番|じゅんばん}に{戻|もど}します。",
                icon="fa6s.rotate-left",
            ),
        ],
        quantity_hint=(50, 600),
        titles=("県民意識調査 回答票", "研修アンケート", "イベント参加申込書", "職員満足度調査"),
    ),
    JobTypeDef(
        "enclosing",
        "封入・封かん",
        "Enclosing / sealing",
        "通",
        "envelopes",
        0.25,
        10,
        "#6A1B9A",
        "fa6s.envelope",
        [
            f_int("inserts", "1通に入れる書類", "Inserts per envelope", default=1, hi=10, unit="枚", unit_en="sheets"),
            f_choice(
                "fold",
                "折り方",
                "Fold",
                [("tri", "三つ折り", "Tri-fold"), ("half", "二つ折り", "Half"), ("none", "折らない", "No fold")],
            ),
            f_choice("envelope", "封筒", "Envelope", [("naga3", "長形3号", "Naga 3"), ("kaku2", "角形2号", "Kaku 2")]),
            f_bool("seal", "封をする", "Seal", default=True),
        ],
        [
            Step(
                "封筒を用意",
                "{封筒|ふうとう}を$quantity{枚|まい}{用意|ようい}します。",
                kind="count",
                count_source="quantity",
                icon="fa6s.envelope",
            ),
            Step(
                "紙折り機で折る",
                "{紙折|かみお}り{機|き}で{書類|しょるい}を{折|お}ります。",
                kind="machine",
                machine_type="folder",
                count_source="quantity*inserts",  # the folder counts sheets: inserts per envelope
                icon="fa6s.layer-group",
                when=unless("fold", "none"),
            ),
            Step(
                "封筒に入れる",
                "{書類|しょるい}を{封筒|ふうとう}に{入|い}れます。",
                kind="count",
                count_source="quantity",
                icon="fa6s.envelope-open-text",
            ),
            Step(
                "封をする",
                "{封|ふう}かん{機|き}で{封|ふう}をします。",
                kind="machine",
                machine_type="sealer",
                count_source="quantity",
                icon="fa6s.stamp",
                when=only("seal", True),
            ),
            Step("束ねる", "100{通|つう}ずつ{束|たば}ねます。", icon="fa6s.layer-group"),
            Step(
                "最後に数える",
                "もう{一度|いちど}{数|かず}を{数|かぞ}えます。",
                kind="count",
                count_source="quantity",
                icon="fa6s.calculator",
            ),
        ],
        quantity_hint=(100, 1500),
        titles=("納税通知書の発送", "研修案内の送付", "委員委嘱状の送付", "アンケート依頼の発送"),
    ),
    JobTypeDef(
        "cards",
        "名刺・名札作成",
        "Business cards / name tags",
        "枚",
        "cards",
        0.5,
        15,
        "#AD1457",
        "fa6s.id-card",
        [
            f_choice("kind", "種類", "Kind", [("card", "名刺", "Business card"), ("tag", "名札", "Name tag")]),
            f_int("people", "人数", "People", default=1, hi=200, unit="人", unit_en="people"),
            f_choice(
                "layout", "様式", "Layout", [("standard", "標準", "Standard"), ("bilingual", "英語併記", "Bilingual")]
            ),
        ],
        [
            Step(
                "テンプレートに入れる",
                "{注文|ちゅうもん}の{内容|ないよう}を{標準|ひょうじゅん}テンプレートに{入|い}れます。",
                icon="fa6s.file-pen",
            ),
            Step(
                "試し刷り",
                "1{枚|まい}だけ{印刷|いんさつ}して、{名前|なまえ}と{番号|ばんごう}を{確|たし}かめます。",
                kind="check",
                icon="fa6s.magnifying-glass",
            ),
            Step(
                "印刷",
                "プリンターで$quantity{枚|まい}{印刷|いんさつ}します。",
                kind="machine",
                machine_type="printer",
                count_source="quantity",
                icon="fa6s.print",
            ),
            # Information only: a worker whose profile moves such steps on by themselves sees it
            # for a few seconds with its countdown, then the cutting step itself.
            Step(
                "刃に気をつける",
                "{裁断機|さいだんき}の{刃|は}に{手|て}を{近|ちか}づけません。レバーは{両手|りょうて}で{持|も}ちます。",
                icon="fa6s.hand",
                info_only=True,
            ),
            Step(
                "裁断",
                "{裁断機|さいだんき}で{線|せん}のとおりに{切|き}ります。",
                kind="machine",
                machine_type="cutter",
                count_source="quantity",
                icon="fa6s.scissors",
                min_dwell_s=5,
            ),
            Step(
                "数える",
                "{枚数|まいすう}を{数|かぞ}えます。",
                kind="count",
                count_source="quantity",
                icon="fa6s.calculator",
            ),
            Step(
                "英語を確かめる",
                "{英語|えいご}の{名前|なまえ}と{肩書|かたが}きを{確|たし}かめます。",
                kind="check",
                icon="fa6s.language",
                when=only("layout", "bilingual"),
            ),
            Step(
                "名札ケースに入れる",
                "{名札|なふだ}をケースに{入|い}れます。",
                kind="count",
                count_source="quantity",
                icon="fa6s.id-badge",
                when=only("kind", "tag"),
            ),
            Step(
                "人ごとに分ける",
                "{人|ひと}ごとに{分|わ}けて{封筒|ふうとう}に{入|い}れます。",
                icon="fa6s.envelopes-bulk",
            ),
        ],
        quantity_hint=(50, 500),
        titles=("新任職員の名刺", "イベント用名札", "異動者の名刺", "来賓用名札"),
    ),
    JobTypeDef(
        "copying",
        "資料コピー・資料組み",
        "Copying / collating",
        "部",
        "sets",
        0.6,
        10,
        "#E65100",
        "fa6s.copy",
        [
            f_int("originals", "原稿の枚数", "Originals", default=10, hi=500, unit="枚", unit_en="pages"),
            f_choice("paper", "用紙", "Paper", PAPER),
            f_bool("duplex", "両面", "Duplex", default=True),
            f_choice(
                "staple",
                "ホチキス",
                "Staple",
                [("corner", "左上1か所", "Top left"), ("side", "左2か所", "Left side"), ("none", "なし", "None")],
            ),
            f_bool("collate", "ページ順にそろえる", "Collate", default=True),
        ],
        [
            Step(
                "原稿を確かめる",
                "{原稿|げんこう}が$originals{枚|まい}あるか{確|たし}かめます。",
                kind="check",
                icon="fa6s.file-lines",
            ),
            Step(
                "両面コピー",
                "{複合機|ふくごうき}で$quantity{部|ぶ}、{両面|りょうめん}でコピーします。",
                kind="machine",
                machine_type="copier",
                count_source="quantity*originals",  # the copier counts sheets, not sets
                icon="fa6s.copy",
                when=only("duplex", True),
            ),
            Step(
                "片面コピー",
                "{複合機|ふくごうき}で$quantity{部|ぶ}、{片面|かためん}でコピーします。",
                kind="machine",
                machine_type="copier",
                count_source="quantity*originals",  # the copier counts sheets, not sets
                icon="fa6s.copy",
                when=only("duplex", False),
            ),
            Step(
                "ページをそろえる",
                "1{部|ぶ}ずつ、ページの{順番|じゅんばん}にそろえます。",
                icon="fa6s.arrow-down-1-9",
                when=only("collate", True),
            ),
            Step(
                "ホチキス",
                "ホチキスで{左上|ひだりうえ}を1か{所|しょ}とめます。",
                icon="fa6s.paperclip",
                when=only("staple", "corner"),
            ),
            Step(
                "ホチキス",
                "ホチキスで{左|ひだり}を2か{所|しょ}とめます。",
                icon="fa6s.paperclip",
                when=only("staple", "side"),
            ),
            Step(
                "部数を数える",
                "{部数|ぶすう}を{数|かぞ}えます。$quantity{部|ぶ}です。",
                kind="count",
                count_source="quantity",
                icon="fa6s.calculator",
            ),
            Step(
                "原稿を戻す",
                "{原稿|げんこう}をクリップでとめて、{返|かえ}す{準備|じゅんび}をします。",
                icon="fa6s.rotate-left",
            ),
        ],
        quantity_hint=(10, 300),
        titles=("議会説明資料", "研修テキスト", "会議資料 第2回", "説明会配布資料"),
    ),
    JobTypeDef(
        "files",
        "ファイル作成",
        "Labelled files",
        "冊",
        "files",
        2.0,
        10,
        "#2E7D32",
        "fa6s.folder",
        [
            f_text("label", "背表紙の文字", "Spine text"),
            f_choice(
                "size",
                "ファイルの幅",
                "File width",
                [("30", "3cm", "3 cm"), ("50", "5cm", "5 cm"), ("70", "7cm", "7 cm")],
            ),
            f_int("year", "年度", "Fiscal year", default=2026, lo=2000, hi=2100),
        ],
        [
            Step(
                "ラベルを印刷",
                "ラベルプリンターで{背表紙|せびょうし}のラベルを{印刷|いんさつ}します。",
                kind="machine",
                machine_type="label_printer",
                count_source="quantity",
                icon="fa6s.tag",
            ),
            Step("ラベルを切る", "ラベルを{線|せん}のとおりに{切|き}ります。", icon="fa6s.scissors"),
            Step(
                "ファイルに貼る",
                "ファイルの{背|せ}にまっすぐ{貼|は}ります。",
                kind="count",
                count_source="quantity",
                icon="fa6s.folder",
            ),
            Step("確認", "{文字|もじ}がまっすぐか{確|たし}かめます。", kind="check", icon="fa6s.magnifying-glass"),
        ],
        quantity_hint=(5, 60),
        titles=("契約書綴り", "予算関係書類", "会議録綴り", "許可申請書綴り"),
    ),
    JobTypeDef(
        "badges",
        "缶バッジ作成",
        "Button badges",
        "個",
        "badges",
        1.0,
        15,
        "#C62828",
        "fa6s.circle",
        [
            f_text("design", "デザイン", "Design"),
            f_choice("size", "大きさ", "Size", [("32", "32mm", "32 mm"), ("57", "57mm", "57 mm")]),
        ],
        [
            Step(
                "印刷",
                "デザインを{印刷|いんさつ}します。",
                kind="machine",
                machine_type="printer",
                count_source="quantity",
                icon="fa6s.print",
            ),
            Step("丸く切る", "サークルカッターで{丸|まる}く{切|き}ります。", icon="fa6s.scissors"),
            Step(
                "指に気をつける",
                "{缶|かん}バッジマシンのレバーを{下|さ}げるときは、{指|ゆび}を{中|なか}に{入|い}れません。",
                icon="fa6s.hand",
                info_only=True,
            ),
            Step(
                "プレス",
                "{缶|かん}バッジマシンでプレスします。",
                kind="machine",
                machine_type="badge_press",
                count_source="quantity",
                icon="fa6s.stamp",
                min_dwell_s=5,
            ),
            Step(
                "数える",
                "できた{数|かず}を{数|かぞ}えます。",
                kind="count",
                count_source="quantity",
                icon="fa6s.calculator",
            ),
        ],
        quantity_hint=(20, 300),
        titles=("県PRキャラクター缶バッジ", "イベント記念バッジ", "啓発キャンペーン用バッジ"),
    ),
    JobTypeDef(
        "digitising",
        "文書のデータベース化",
        "Digitising documents",
        "枚",
        "pages",
        0.4,
        10,
        "#37474F",
        "fa6s.box-archive",
        [
            f_choice("dpi", "解像度", "Resolution", [("300", "300dpi", "300 dpi"), ("600", "600dpi", "600 dpi")]),
            f_bool("ocr", "文字を読み取る", "OCR", default=True),
        ],
        [
            Step(
                "古い書類です",
                "{古|ふる}い{書類|しょるい}は{破|やぶ}れやすいので、ゆっくり{扱|あつか}います。",
                icon="fa6s.circle-info",
                info_only=True,
            ),
            Step("ホチキスを外す", "ホチキスやクリップを{外|はず}します。", icon="fa6s.paperclip"),
            Step(
                "スキャン",
                "スキャナーで{読|よ}み{取|と}ります。",
                kind="machine",
                machine_type="scanner",
                count_source="quantity",
                icon="fa6s.copy",
            ),
            Step(
                "画像を確かめる",
                "{画像|がぞう}が{曲|ま}がっていないか{確|たし}かめます。",
                kind="check",
                icon="fa6s.eye",
            ),
            Step(
                "文字を読み取る",
                "OCRソフトで{文字|もじ}を{読|よ}み{取|と}ります。",
                icon="fa6s.font",
                when=only("ocr", True),
            ),
            Step(
                "名前を付けて保存",
                "{決|き}まった{名前|なまえ}を{付|つ}けて{保存|ほぞん}します。",
                icon="fa6s.floppy-disk",
            ),
            Step("元に戻す", "{書類|しょるい}を{元|もと}のとおりにとめます。", icon="fa6s.rotate-left"),
        ],
        quantity_hint=(100, 2000),
        titles=("昭和期 行政文書", "旧庁舎図面", "過去の審議会資料"),
    ),
    JobTypeDef(
        "lending",
        "360度カメラ貸出",
        "360° camera lending",
        "台",
        "cameras",
        10.0,
        5,
        "#4527A0",
        "fa6s.camera",
        [
            f_choice(
                "camera",
                "機材",
                "Equipment",
                [("cam1", "360度カメラ 1号", "360 camera #1"), ("cam2", "360度カメラ 2号", "360 camera #2")],
            ),
            f_date("return_by", "返却日", "Return by"),
        ],
        [
            Step(
                "貸出票を確かめる",
                "{貸出票|かしだしひょう}の{名前|なまえ}を{確|たし}かめます。",
                kind="check",
                icon="fa6s.clipboard-check",
            ),
            Step(
                "部品を確かめる",
                "カメラ、ケーブル、スタンドがそろっているか{確|たし}かめます。",
                kind="check",
                icon="fa6s.list-check",
            ),
            Step(
                "充電を確かめる",
                "{充電|じゅうでん}ができているか{確|たし}かめます。",
                kind="check",
                icon="fa6s.battery-full",
            ),
            Step("渡す", "{渡|わた}して、{貸出票|かしだしひょう}にサインをもらいます。", icon="fa6s.signature"),
        ],
        quantity_hint=(1, 2),
        titles=("オンライン会議用", "研修会場の記録用"),
        check_waived=True,
    ),
    JobTypeDef(
        "mail_round",
        "郵便物等の集配",
        "Mail collection / delivery",
        "か所",
        "stops",
        2.0,
        5,
        "#0277BD",
        "fa6s.dolly",
        [],
        [
            Step(
                "カートを用意",
                "{集配|しゅうはい}カートと{受|う}け{箱|ばこ}の{鍵|かぎ}を{用意|ようい}します。",
                icon="fa6s.dolly",
            ),
            Step(
                "$department",
                "$departmentの{受|う}け{箱|ばこ}のバーコードを{読|よ}んで、{郵便物|ゆうびんぶつ}を{入|い}れかえます。",
                kind="scan",
                expected_code="$stop",
                icon="fa6s.barcode",
            ),
            Step(
                "仕分け台へ",
                "{集|あつ}めた{郵便物|ゆうびんぶつ}を{仕分|しわ}け{台|だい}に{置|お}きます。",
                icon="fa6s.inbox",
            ),
        ],
        kind="scheduled",
        check_waived=True,
    ),
    JobTypeDef(
        "evening_paper",
        "夕刊配達",
        "Evening paper",
        "か所",
        "stops",
        1.5,
        5,
        "#455A64",
        "fa6s.newspaper",
        [],
        [
            Step(
                "部数を数える",
                "{夕刊|ゆうかん}の{部数|ぶすう}を{数|かぞ}えます。",
                kind="count",
                count_source="quantity",
                icon="fa6s.newspaper",
            ),
            Step(
                "$department",
                "$departmentの{受|う}け{箱|ばこ}のバーコードを{読|よ}んで、{夕刊|ゆうかん}を{入|い}れます。",
                kind="scan",
                expected_code="$stop",
                icon="fa6s.barcode",
            ),
            Step("片付け", "{余|あま}った{新聞|しんぶん}を{戻|もど}します。", icon="fa6s.rotate-left"),
        ],
        kind="scheduled",
        check_waived=True,
    ),
]


@dataclass(frozen=True)
class DepartmentDef:
    code: str
    name: str
    name_en: str
    kana: str
    mailbox: str
    floor: str


DEPARTMENTS: list[DepartmentDef] = [
    DepartmentDef(code, name, en, kana, f"{101 + i}", floor)
    for i, (code, name, en, kana, floor) in enumerate(
        [
            (
                "kikaku",
                "企画財政部 企画総務課",
                "Planning & Finance: General Affairs",
                "きかくざいせいぶ きかくそうむか",
                "本庁舎5F",
            ),
            ("zaisei", "企画財政部 財政課", "Planning & Finance: Budget", "きかくざいせいぶ ざいせいか", "本庁舎5F"),
            ("jinji", "総務部 人事課", "General Affairs: Personnel", "そうむぶ じんじか", "本庁舎4F"),
            ("bunsho", "総務部 文書課", "General Affairs: Documents", "そうむぶ ぶんしょか", "本庁舎4F"),
            ("gakuji", "総務部 学事課", "General Affairs: Private Schools", "そうむぶ がくじか", "本庁舎4F"),
            (
                "kocho",
                "県民生活部 広聴広報課",
                "Citizens' Affairs: Public Relations",
                "けんみんせいかつぶ こうちょうこうほうか",
                "本庁舎3F",
            ),
            (
                "kiki",
                "危機管理防災部 危機管理課",
                "Crisis Management",
                "ききかんりぼうさいぶ ききかんりか",
                "第二庁舎3F",
            ),
            ("kankyo", "環境部 環境政策課", "Environment: Policy", "かんきょうぶ かんきょうせいさくか", "第三庁舎4F"),
            ("fukushi", "福祉部 福祉政策課", "Welfare: Policy", "ふくしぶ ふくしせいさくか", "本庁舎2F"),
            (
                "shogai",
                "福祉部 障害者福祉推進課",
                "Welfare: Disability",
                "ふくしぶ しょうがいしゃふくしすいしんか",
                "本庁舎2F",
            ),
            (
                "hoken",
                "保健医療部 保健医療政策課",
                "Health & Medical: Policy",
                "ほけんいりょうぶ ほけんいりょうせいさくか",
                "第三庁舎2F",
            ),
            (
                "sangyo",
                "産業労働部 産業労働政策課",
                "Industry & Labour: Policy",
                "さんぎょうろうどうぶ さんぎょうろうどうせいさくか",
                "第二庁舎4F",
            ),
            (
                "koyo",
                "産業労働部 雇用労働課",
                "Industry & Labour: Employment",
                "さんぎょうろうどうぶ こようろうどうか",
                "第二庁舎4F",
            ),
            ("nogyo", "農林部 農業政策課", "Agriculture: Policy", "のうりんぶ のうぎょうせいさくか", "第二庁舎2F"),
            (
                "kendo",
                "県土整備部 県土整備政策課",
                "Land Development: Policy",
                "けんどせいびぶ けんどせいびせいさくか",
                "第二庁舎5F",
            ),
            (
                "toshi",
                "都市整備部 都市計画課",
                "Urban Development: Planning",
                "としせいびぶ としけいかくか",
                "第二庁舎5F",
            ),
            ("kaikei", "会計管理者 会計管理課", "Accounting", "かいけいかんりしゃ かいけいかんりか", "本庁舎1F"),
            (
                "kyoiku",
                "教育局 総務課",
                "Board of Education: General Affairs",
                "きょういくきょく そうむか",
                "第二庁舎6F",
            ),
            ("kigyo", "企業局 総務課", "Public Enterprise Bureau", "きぎょうきょく そうむか", "第三庁舎5F"),
            ("gikai", "議会事務局 総務課", "Assembly Secretariat", "ぎかいじむきょく そうむか", "議事堂1F"),
            ("kansa", "監査事務局", "Audit Secretariat", "かんさじむきょく", "第三庁舎6F"),
            ("jinjii", "人事委員会事務局", "Personnel Commission", "じんじいいんかいじむきょく", "第三庁舎6F"),
            ("senkyo", "選挙管理委員会", "Election Commission", "せんきょかんりいいんかい", "本庁舎4F"),
            (
                "station",
                "総務部 人事課 スマートステーション",
                "flat smart station",
                "そうむぶ じんじか すまーとすてーしょん",
                "本庁舎B1F",
            ),
        ]
    )
]


@dataclass(frozen=True)
class MachineDef:
    code: str
    name: str
    name_en: str
    type: str
    location: str


MACHINES: list[MachineDef] = [
    MachineDef("CP01", "複合機 1号機", "Copier 1", "copier", "flat 作業室 窓側"),
    MachineDef("CP02", "複合機 2号機", "Copier 2", "copier", "flat 作業室 窓側"),
    MachineDef("CT01", "裁断機", "Paper cutter", "cutter", "flat 作業室 中央"),
    MachineDef("SL01", "封かん機", "Envelope sealer", "sealer", "flat 作業室 奥"),
    MachineDef("FD01", "紙折り機", "Folding machine", "folder", "flat 作業室 奥"),
    MachineDef("BP01", "缶バッジマシン", "Badge press", "badge_press", "flat 作業室 中央"),
    MachineDef("LM01", "ラミネーター", "Laminator", "laminator", "flat 作業室 中央"),
    MachineDef("LP01", "ラベルプリンター", "Label printer", "label_printer", "flat 作業室 受付側"),
    MachineDef("SC01", "スキャナー 1号機", "Scanner 1", "scanner", "flat 作業室 受付側"),
    MachineDef("SC02", "スキャナー 2号機", "Scanner 2", "scanner", "flat 作業室 受付側"),
    MachineDef("PR01", "カラープリンター", "Colour printer", "printer", "flat 作業室 窓側"),
]


@dataclass(frozen=True)
class RouteDef:
    code: str
    name: str
    name_en: str
    job_type: str
    times: list[str]
    stops: list[str]  # department codes
    weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])


ROUTES: list[RouteDef] = [
    RouteDef(
        "MAIL-A",
        "郵便集配 本庁舎",
        "Mail round, main building",
        "mail_round",
        ["09:30", "13:30", "15:45"],
        ["kikaku", "zaisei", "jinji", "bunsho", "gakuji", "kocho", "fukushi", "shogai", "kaikei", "senkyo"],
    ),
    RouteDef(
        "MAIL-B",
        "郵便集配 第二庁舎",
        "Mail round, second building",
        "mail_round",
        ["10:00", "14:00"],
        ["kiki", "sangyo", "koyo", "nogyo", "kendo", "toshi", "kyoiku"],
    ),
    RouteDef(
        "MAIL-C",
        "郵便集配 第三庁舎・議事堂",
        "Mail round, third building",
        "mail_round",
        ["10:30", "14:30"],
        ["kankyo", "hoken", "kigyo", "kansa", "jinjii", "gikai"],
    ),
    RouteDef(
        "PAPER",
        "夕刊配達",
        "Evening paper",
        "evening_paper",
        ["16:00"],
        ["kikaku", "jinji", "kocho", "kiki", "sangyo", "kendo", "gikai"],
    ),
]


# Readings (furigana) of the names a worker sees and hears: job types, machines and routes.
# Departments and people keep theirs as kana; order titles get one proposed when ordered.
_NAME_READINGS = [
    "{会議|かいぎ}{録|ろく}{作成|さくせい}",
    "データ{入力|にゅうりょく}・{集計|しゅうけい}",
    "{封入|ふうにゅう}・{封|ふう}かん",
    "{名刺|めいし}・{名札|なふだ}{作成|さくせい}",
    "{資料|しりょう}コピー・{資料|しりょう}{組|ぐ}み",
    "ファイル{作成|さくせい}",
    "{缶|かん}バッジ{作成|さくせい}",
    "{文書|ぶんしょ}のデータベース{化|か}",
    "360{度|ど}カメラ{貸出|かしだし}",
    "{郵便物|ゆうびんぶつ}{等|とう}の{集配|しゅうはい}",
    "{夕刊|ゆうかん}{配達|はいたつ}",
    "{複合機|ふくごうき} 1{号機|ごうき}",
    "{複合機|ふくごうき} 2{号機|ごうき}",
    "{裁断機|さいだんき}",
    "{封|ふう}かん{機|き}",
    "{紙|かみ}{折|お}り{機|き}",
    "{缶|かん}バッジマシン",
    "スキャナー 1{号機|ごうき}",
    "スキャナー 2{号機|ごうき}",
    "{郵便|ゆうびん}{集配|しゅうはい} {本庁舎|ほんちょうしゃ}",
    "{郵便|ゆうびん}{集配|しゅうはい} {第二|だいに}{庁舎|ちょうしゃ}",
    "{郵便|ゆうびん}{集配|しゅうはい} {第三|だいさん}{庁舎|ちょうしゃ}・{議事堂|ぎじどう}",
]
NAME_READINGS: dict[str, str] = {ruby.to_plain(markup): markup for markup in _NAME_READINGS}


def reading(name: str) -> str:
    """The catalogue's reading of a job type's, machine's or route's name (plain when it needs none)."""
    return NAME_READINGS.get(name, name)
