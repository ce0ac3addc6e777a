"""Sample documents of every kind, for reviewing layouts: ``python -m flat_desktop.printing.samples OUTDIR``.

Writes one PDF per kind and a PNG of its first page (needs pypdfium2, a test dependency).
The same sample records feed the tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flat_desktop.printing.deliverables import (
    render_business_cards,
    render_index_labels,
    render_name_tags,
    render_spine_labels,
)
from flat_desktop.printing.labels import render_badges, render_machine_labels, render_mailbox_labels
from flat_desktop.printing.model import (
    BusinessCard,
    IndexLabel,
    JobTicket,
    JobType,
    MachineKind,
    MachineLabel,
    MailboxLabel,
    NameTag,
    Priority,
    SpecValue,
    SpineLabel,
    WorkerBadge,
)
from flat_desktop.printing.tickets import TicketFormat, render_tickets

_STEPS = (
    "{封筒|ふうとう}を200{枚|まい}{用意|ようい}します",
    "{通知文|つうちぶん}を{三|み}つ{折|お}りにします（{紙折|かみお}り{機|き}）",
    "{通知文|つうちぶん}を{封筒|ふうとう}に{入|い}れます",
    "{封|ふう}かん{機|き}で{封|ふう}をします",
    "50{通|つう}ずつ{束|たば}ねて{数|かず}を{確|たし}かめます",
    "{箱|はこ}に{入|い}れて{棚|たな}に{置|お}きます",
    "{作業票|さぎょうひょう}をスキャンして{終|お}わります",
)


def tickets() -> list[JobTicket]:
    """One ticket per job type, with a mix of priorities, a long title and a confidential job."""
    base = datetime(2026, 11, 28, 15, 0)
    rows = [
        (JobType.ENCLOSING, "令和8年度 固定資産税 課税明細書の封入・封かん（県内全域・市町村別仕分け）",
         "総務部 税務課", "山田 花子", 1200, "通", Priority.URGENT),
        (JobType.MINUTES, "第3回 働き方改革推進会議 会議録", "企画財政部 企画総務課", "佐藤 一郎", 90, "分",
         Priority.NORMAL),
        (JobType.DATA_ENTRY, "県民アンケート集計（紙回答分）", "県民生活部 広聴広報課", "鈴木 次郎", 850, "件",
         Priority.HIGH),
        (JobType.CARDS, "名刺作成（新任職員）", "総務部 人事課", "高橋 美咲", 100, "枚", Priority.NORMAL),
        (JobType.COPYING, "研修資料のコピー・資料組み", "総務部 職員育成課", "田中 健", 60, "部",
         Priority.NORMAL),
        (JobType.FILES, "文書ファイル作成（背表紙・インデックス）", "環境部 環境政策課", "伊藤 直子", 40, "冊",
         Priority.NORMAL),
        (JobType.BADGES, "県政PR缶バッジ", "県民生活部 広聴広報課", "渡辺 翔", 300, "個", Priority.NORMAL),
        (JobType.DIGITISING, "旧公文書のスキャン（昭和60年度分）", "総務部 文書課", "中村 洋子", 2400, "枚",
         Priority.NORMAL),
        (JobType.LENDING, "360度カメラ貸出", "保健医療部 保健医療政策課", "小林 誠", 2, "台", Priority.NORMAL),
        (JobType.MAIL_ROUND, "郵便物の集配（午後便 本庁舎ルートA）", "スマートステーション", "", None, "",
         Priority.NORMAL),
        (JobType.EVENING_PAPER, "夕刊の配付", "スマートステーション", "", 38, "部", Priority.NORMAL),
    ]
    specs = (
        SpecValue("ページ順にそろえる", "はい"),
        SpecValue("用紙", "A4 普通紙・三つ折り"),
        SpecValue("封筒", "長形3号 窓付き"),
        SpecValue("仕分け", "市町村別（63区分）"),
        SpecValue("封かん", "のり付け"),
    )
    made = [
        JobTicket(
            job_code=f"J-261128-{n:03d}", job_type=jt, title=title, requester=who, department=dept,
            quantity=qty, unit=unit, due=base.replace(hour=9 + n % 8), priority=prio,
            specs=specs if jt is JobType.ENCLOSING else specs[:2], steps=_STEPS, order_code=f"O-261128-{n:03d}",
        )
        for n, (jt, title, dept, who, qty, unit, prio) in enumerate(rows, start=1)
    ]
    made.append(JobTicket(job_code="J-261128-0120", job_type=JobType.DATA_ENTRY, title="人事評価シートの入力",
                          requester="加藤 修", department="総務部 人事課", quantity=420, unit="件",
                          confidential=True))
    return made


def badges() -> list[WorkerBadge]:
    people = [("青木 さくら", "あおき さくら"), ("石井 大輔", "いしい だいすけ"), ("上田 陽菜", "うえだ ひな"),
              ("遠藤 拓海", "えんどう たくみ"), ("岡本 結衣", "おかもと ゆい"), ("木村 蓮", "きむら れん"),
              ("清水 美月", "しみず みづき"), ("長谷川 健太郎", "はせがわ けんたろう"),
              ("森 あかり", "もり あかり"), ("山口 悠斗", "やまぐち ゆうと"), ("吉田 和子", "よしだ かずこ")]
    roles = ["作業員", "作業員", "作業員", "常勤職員（監督）"]
    return [WorkerBadge(name, kana, roles[i % 4], f"{10001 + i:05d}") for i, (name, kana) in enumerate(people)]


def machines() -> list[MachineLabel]:
    return [
        MachineLabel("複合機 1号機", "CP01", MachineKind.COPIER),
        MachineLabel("複合機 2号機", "CP02", MachineKind.COPIER),
        MachineLabel("紙折り機", "FD01", MachineKind.FOLDER),
        MachineLabel("封かん機", "SL01", MachineKind.SEALER),
        MachineLabel("裁断機", "CT01", MachineKind.CUTTER),
        MachineLabel("スキャナー", "SC01", MachineKind.SCANNER),
        MachineLabel("ラベルプリンター", "LP01", MachineKind.LABEL_PRINTER),
        MachineLabel("缶バッジプレス機", "BP01", MachineKind.BADGE_PRESS),
        MachineLabel("作業用パソコン 3", "PC03", MachineKind.PC),
        MachineLabel("360度カメラ", "CM01", MachineKind.CAMERA),
    ]


def mailboxes() -> list[MailboxLabel]:
    return [
        MailboxLabel("総務部 人事課", "101"), MailboxLabel("総務部 文書課", "102"),
        MailboxLabel("総務部 税務課", "104"), MailboxLabel("企画財政部 企画総務課", "201"),
        MailboxLabel("県民生活部 広聴広報課", "305"), MailboxLabel("環境部 環境政策課", "410"),
        MailboxLabel("保健医療部 保健医療政策課", "512"), MailboxLabel("福祉部 地域包括ケア課", "620"),
        MailboxLabel("産業労働部 雇用労働課", "733"), MailboxLabel("危機管理防災部 危機管理課", "801"),
        MailboxLabel("県土整備部 県土整備政策課", "905"), MailboxLabel("会計管理者 会計管理課", "950"),
        MailboxLabel("教育局 総務課", "990"),
    ]


def business_card() -> BusinessCard:
    return BusinessCard(
        name="高橋 美咲", kana="たかはし みさき", name_latin="Misaki Takahashi", title="主事",
        department="総務部 人事課 スマートステーション担当", organisation="埼玉県",
        address="〒330-9301 埼玉県さいたま市浦和区高砂3-15-1", phone="048-830-0000",
        email="a0000-00@pref.saitama.lg.jp",
    )


def name_tags() -> list[NameTag]:
    return [NameTag(b.name, b.kana, "総務部 人事課 スマートステーション", b.role) for b in badges()[:9]]


def spine_labels() -> list[SpineLabel]:
    return [
        SpineLabel("職員研修関係綴り（その1）", "環境部 環境政策課", "令和8年度", "5年"),
        SpineLabel("廃棄物処理計画", "環境部 環境政策課", "令和8年度", "10年"),
        SpineLabel("会議録", "環境部 環境政策課", "令和7年度", "30年"),
    ]


def index_labels() -> list[IndexLabel]:
    names = ["4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "1月", "2月", "3月"]
    return [IndexLabel(name, f"{i:02d}") for i, name in enumerate(names, start=1)]


SAMPLES: dict[str, Callable[[], bytes]] = {
    "ticket_a4": lambda: render_tickets(tickets(), TicketFormat.A4),
    "ticket_a4x4": lambda: render_tickets(tickets(), TicketFormat.A4_QUARTER),
    "ticket_roll62": lambda: render_tickets(tickets(), TicketFormat.ROLL_62),
    "ticket_confidential": lambda: render_tickets(tickets()[-1:], TicketFormat.A4),
    "badges": lambda: render_badges(badges()),
    "machine_labels": lambda: render_machine_labels(machines()),
    "mailbox_labels": lambda: render_mailbox_labels(mailboxes()),
    "business_cards": lambda: render_business_cards(business_card(), 10),
    "name_tags": lambda: render_name_tags(name_tags()),
    "spine_labels_20": lambda: render_spine_labels(spine_labels(), spine_mm="20"),
    "spine_labels_30": lambda: render_spine_labels(spine_labels(), spine_mm="30"),
    "spine_labels_50": lambda: render_spine_labels(spine_labels(), spine_mm="50"),
    "index_labels": lambda: render_index_labels(index_labels()),
}


def write_samples(folder: Path, dpi: int = 100) -> list[Path]:
    """Render every sample into ``folder`` as PDF plus a PNG of page 1; returns the PNGs."""
    import pypdfium2 as pdfium  # a test dependency: only this review tool rasterises

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SAMPLES.items():
        data = make()
        (folder / f"{name}.pdf").write_bytes(data)
        pdf = pdfium.PdfDocument(data)
        try:
            image = pdf[0].render(scale=dpi / 72).to_pil().convert("L")
        finally:
            pdf.close()
        png = folder / f"{name}.png"
        image.save(png, optimize=True)
        written.append(png)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m flat_desktop.printing.samples OUTDIR", file=sys.stderr)
        return 2
    for path in write_samples(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
