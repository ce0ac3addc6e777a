"""The demo station's people: about 30 part-time staff (a third with accessibility needs
that differ in the ways BRIEF §4 lists) and three supervisors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PersonDef:
    code: str
    name: str
    kana: str
    name_en: str
    badge: str
    role: str = "worker"
    profile: dict[str, Any] = field(default_factory=dict)
    need: str = ""  # what the profile is for (shown to supervisors)
    skills: tuple[str, ...] = ()
    speed: float = 1.0  # relative to the standard time (demo history only)


SUPERVISOR_PIN = "1234"

_FAMILY = [
    ("佐藤", "さとう", "Sato"),
    ("鈴木", "すずき", "Suzuki"),
    ("高橋", "たかはし", "Takahashi"),
    ("田中", "たなか", "Tanaka"),
    ("伊藤", "いとう", "Ito"),
    ("渡辺", "わたなべ", "Watanabe"),
    ("山本", "やまもと", "Yamamoto"),
    ("中村", "なかむら", "Nakamura"),
    ("小林", "こばやし", "Kobayashi"),
    ("加藤", "かとう", "Kato"),
    ("吉田", "よしだ", "Yoshida"),
    ("山田", "やまだ", "Yamada"),
    ("佐々木", "ささき", "Sasaki"),
    ("山口", "やまぐち", "Yamaguchi"),
    ("松本", "まつもと", "Matsumoto"),
    ("井上", "いのうえ", "Inoue"),
    ("木村", "きむら", "Kimura"),
    ("林", "はやし", "Hayashi"),
    ("斎藤", "さいとう", "Saito"),
    ("清水", "しみず", "Shimizu"),
    ("山崎", "やまざき", "Yamazaki"),
    ("森", "もり", "Mori"),
    ("池田", "いけだ", "Ikeda"),
    ("橋本", "はしもと", "Hashimoto"),
    ("阿部", "あべ", "Abe"),
    ("石川", "いしかわ", "Ishikawa"),
    ("山下", "やました", "Yamashita"),
    ("中島", "なかじま", "Nakajima"),
    ("石井", "いしい", "Ishii"),
    ("小川", "おがわ", "Ogawa"),
    ("前田", "まえだ", "Maeda"),
    ("岡田", "おかだ", "Okada"),
    ("長谷川", "はせがわ", "Hasegawa"),
]
_GIVEN = [
    ("健太", "けんた", "Kenta"),
    ("美咲", "みさき", "Misaki"),
    ("翔", "しょう", "Sho"),
    ("さくら", "さくら", "Sakura"),
    ("大輔", "だいすけ", "Daisuke"),
    ("真由美", "まゆみ", "Mayumi"),
    ("拓也", "たくや", "Takuya"),
    ("愛", "あい", "Ai"),
    ("誠", "まこと", "Makoto"),
    ("由美", "ゆみ", "Yumi"),
    ("陽菜", "ひな", "Hina"),
    ("蓮", "れん", "Ren"),
    ("結衣", "ゆい", "Yui"),
    ("悠真", "ゆうま", "Yuma"),
    ("花子", "はなこ", "Hanako"),
    ("一郎", "いちろう", "Ichiro"),
    ("恵", "めぐみ", "Megumi"),
    ("直樹", "なおき", "Naoki"),
    ("千尋", "ちひろ", "Chihiro"),
    ("和也", "かずや", "Kazuya"),
    ("智子", "ともこ", "Tomoko"),
    ("亮", "りょう", "Ryo"),
    ("彩", "あや", "Aya"),
    ("隆", "たかし", "Takashi"),
    ("舞", "まい", "Mai"),
    ("浩二", "こうじ", "Koji"),
    ("優子", "ゆうこ", "Yuko"),
    ("大翔", "ひろと", "Hiroto"),
    ("奈々", "なな", "Nana"),
    ("修", "おさむ", "Osamu"),
    ("明美", "あけみ", "Akemi"),
    ("康弘", "やすひろ", "Yasuhiro"),
    ("早苗", "さなえ", "Sanae"),
]

# Ten profiles that differ in the ways BRIEF §4 lists.
_NEEDS: list[tuple[str, dict[str, Any], float]] = [
    (
        "弱視: 大きな文字と黄色/黒、読み上げ",
        {"theme": "yellow_on_black", "text_pt": 64, "furigana": False, "rate": 0.9, "min_dwell_s": 2},
        1.2,
    ),
    (
        "知的障害: ふりがな、ゆっくり読み上げ、確認あり",
        {"theme": "dark", "text_pt": 44, "furigana": True, "rate": 0.75, "min_dwell_s": 4, "confirm_done": True},
        1.5,
    ),
    (
        "聴覚障害: 音声なし、絵と文字で",
        {"theme": "light", "text_pt": 32, "speech": False, "read_steps": False, "furigana": False},
        1.0,
    ),
    (
        "知的・発達障害: ふりがな、案内だけの手順は自動で進む",
        {"theme": "dark", "text_pt": 48, "furigana": True, "rate": 0.7, "min_dwell_s": 5, "auto_advance_s": 8},
        1.6,
    ),
    (
        "肢体不自由: 押し間違い防止、確認あり",
        {"theme": "dark", "text_pt": 40, "min_dwell_s": 3, "confirm_done": True},
        1.3,
    ),
    ("弱視: 最大の文字、暗い背景", {"theme": "dark", "text_pt": 72, "furigana": False, "rate": 1.0}, 1.2),
    (
        "精神障害: 読み上げは自分で、落ち着いた明るい画面",
        {"theme": "light", "text_pt": 32, "read_steps": False, "min_dwell_s": 2},
        1.1,
    ),
    (
        "聴覚障害: 音声なし、黄色/黒",
        {"theme": "yellow_on_black", "text_pt": 36, "speech": False, "read_steps": False},
        1.0,
    ),
    (
        "知的障害: ふりがな、大きな文字、確認あり",
        {"theme": "dark", "text_pt": 52, "furigana": True, "rate": 0.8, "min_dwell_s": 4, "confirm_done": True},
        1.4,
    ),
    ("弱視: 黄色/黒、ふりがななし", {"theme": "yellow_on_black", "text_pt": 56, "furigana": False, "rate": 1.1}, 1.2),
]

_SKILL_SETS = [
    ("copying", "enclosing", "mail_round"),
    ("enclosing", "cards", "evening_paper"),
    ("data_entry", "digitising", "copying"),
    ("enclosing", "badges", "mail_round"),
    ("copying", "files", "cards"),
    ("minutes", "data_entry"),
    ("digitising", "files", "mail_round"),
    ("data_entry", "copying", "lending"),
    ("enclosing", "copying", "evening_paper", "mail_round"),
    ("cards", "badges", "files"),
]


def people() -> list[PersonDef]:
    out: list[PersonDef] = []
    for i in range(30):
        fam, giv = _FAMILY[i], _GIVEN[i]
        need, profile, speed = _NEEDS[i] if i < len(_NEEDS) else ("", {"text_pt": 28 + 4 * (i % 3)}, 0.8 + (i % 5) / 10)
        skills = _SKILL_SETS[i % len(_SKILL_SETS)]
        if i >= 10:
            skills = (*skills, _SKILL_SETS[(i + 3) % len(_SKILL_SETS)][0])
        out.append(
            PersonDef(
                f"W{i + 1:03d}",
                f"{fam[0]} {giv[0]}",
                f"{fam[1]} {giv[1]}",
                f"{giv[2]} {fam[2]}",
                f"{10001 + i}",
                profile=profile | ({"note": need} if need else {}),
                need=need,
                skills=tuple(dict.fromkeys(skills)),
                speed=speed,
            )
        )
    for j in range(3):
        fam, giv = _FAMILY[30 + j], _GIVEN[30 + j]
        out.append(
            PersonDef(
                f"S{j + 1:03d}",
                f"{fam[0]} {giv[0]}",
                f"{fam[1]} {giv[1]}",
                f"{giv[2]} {fam[2]}",
                f"{90001 + j}",
                role="supervisor",
                profile={"theme": "light", "text_pt": 24},
            )
        )
    return out
