"""Valid synthetic data of any size, for the benchmark: `python bench/generate.py --records N --out DIR`.

Writes national_list.yaml, tasks.yaml and units.yaml. The notice, pilots, sections, the plan's
header, phases, targets, categories and the real units come from the shipped data; N national
items and tasks (in about the shipped proportion, 104 : 17) and extra units are made up, in Chinese
like the real ones, with every reference consistent, so `stdplan validate` passes. The same N and
--seed give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from stdplan.records import addressed

SHIPPED = Path(__file__).resolve().parent.parent / "data"
FILES = ("national_list.yaml", "tasks.yaml", "units.yaml")
PLAN_CITY = "武汉"

FIELDS = [
    "文化旅游",
    "养老服务",
    "跨境电商",
    "医疗健康",
    "绿色低碳",
    "数字经济",
    "知识产权",
    "物流快递",
    "金融服务",
    "会展商务",
    "政务服务",
    "社区治理",
]
OBJECTS = [
    "服务质量",
    "评价指标",
    "管理规范",
    "数据交换",
    "安全防范",
    "信用评价",
    "运营管理",
    "技术要求",
    "设施建设",
    "人员能力",
]
FORMS = ["标准", "规范", "指南", "通则", "评价方法", "技术规程"]
SCOPE_KINDS = ("named", "all_pilots", "willing", "relevant")
UNIT_TOPICS = ["标准化", "数据", "口岸", "会展", "金融", "物流", "科技", "人才", "信用", "应急", "文博", "体育"]
EXTRA_UNITS_PER_TASK = 0.2


def load_shipped() -> dict[str, Any]:
    yaml = YAML(typ="safe")
    return {name: yaml.load((SHIPPED / name).read_text(encoding="utf-8")) for name in FILES}


def generate(records: int, seed: int = 2024) -> dict[str, Any]:
    """The three files' data for `records` items plus tasks."""
    rng = random.Random(seed)
    data = load_shipped()
    national, plan, units = data["national_list.yaml"], data["tasks.yaml"], data["units.yaml"]
    task_count = max(1, records * 17 // 121)
    item_count = max(task_count, records - task_count)
    # Items name only the pilots the list addresses: those made pilots after it are none of its words.
    batch_dates = {batch["number"]: batch["date"] for batch in national["batches"]}
    list_date = national["document"]["date"]
    pilots = [p["name"] for p in national["pilots"] if addressed(list_date, batch_dates.get(p["batch"]))]
    units["units"] += extra_units(int(task_count * EXTRA_UNITS_PER_TASK))
    national["items"] = [make_item(rng, number, national["sections"], pilots) for number in range(1, item_count + 1)]
    for_plan = [item for item in national["items"] if applies_to_plan(item)]
    rng.shuffle(for_plan)
    for_plan = sorted(for_plan[:task_count], key=lambda item: item["number"])
    unit_names = [unit["name"] for unit in units["units"]]
    categories = [category["number"] for category in plan["categories"]]
    plan["tasks"] = [
        make_task(rng, number, item, unit_names, categories) for number, item in enumerate(for_plan, start=1)
    ]
    return data


def extra_units(count: int) -> list[dict[str, Any]]:
    units = []
    for n in range(1, count + 1):
        topic = UNIT_TOPICS[n % len(UNIT_TOPICS)]
        units.append(
            {
                "name": f"市{topic}服务{n}中心",
                "full_name": f"武汉市{topic}服务{n}中心",
                "name_en": f"Wuhan {n} Service Centre",
                "kind": "government",
                "aliases": [],
            }
        )
    return units


def make_item(rng: random.Random, number: int, sections: list[dict[str, Any]], pilots: list[str]) -> dict[str, Any]:
    section = rng.choice(sections)
    item: dict[str, Any] = {"number": number, "title": title(rng), "section": section["number"]}
    if section.get("subsections"):
        item["subsection"] = rng.choice(section["subsections"])["number"]
    kind = rng.choices(SCOPE_KINDS, weights=(6, 2, 1, 1))[0]
    named = rng.sample(pilots, rng.randint(1, 4)) if kind in ("named", "willing") else []
    if kind == "willing":
        named = named[:1]
    scope = {
        "named": "、".join(named),
        "all_pilots": "各试点示范省市",
        "willing": f"{''.join(named)}等有意愿的省市",
        "relevant": "有关试点示范省市",
    }[kind]
    item["scope"] = scope
    item["cities"] = sorted(named, key=scope.index)
    if kind != "named":
        item["open_to"] = kind
    return item


def applies_to_plan(item: dict[str, Any]) -> bool:
    return PLAN_CITY in item["cities"] or "open_to" in item


def make_task(
    rng: random.Random, number: int, item: dict[str, Any], units: list[str], categories: list[str]
) -> dict[str, Any]:
    picked = rng.sample(units, rng.randint(1, 5))
    lead, responsible = picked[: max(1, len(picked) // 2)], picked[max(1, len(picked) // 2) :]
    open_ended = rng.random() < 0.2
    task: dict[str, Any] = {
        "number": number,
        "title": item["title"],
        "category": rng.choice(categories),
        "scope": item["scope"],
        "national_item": item["number"],
        "lead": lead,
        "responsible": responsible,
        "lead_text": "、".join(lead) + ("等相关行业主管部门" if open_ended else ""),
        "responsible_text": "、".join(responsible) or "-",
    }
    if open_ended:
        task["open_ended"] = True
    if len(lead) > 1 and rng.random() < 0.5:
        task["co_lead"] = True
    if number > 1 and rng.random() < 0.1:
        task["builds_on"] = sorted(rng.sample(range(1, number), min(3, number - 1)))
    return task


def title(rng: random.Random) -> str:
    return f"{rng.choice(FIELDS)}领域{rng.choice(OBJECTS)}{rng.choice(FORMS)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True, help="national items plus tasks")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the three files to")
    parser.add_argument("--seed", type=int, default=2024)
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    yaml = YAML(typ="safe")
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.representer.sort_base_mapping_type_on_output = False
    for name, content in generate(arguments.records, arguments.seed).items():
        with (arguments.out / name).open("w", encoding="utf-8") as stream:
            yaml.dump(content, stream)


if __name__ == "__main__":
    main()
