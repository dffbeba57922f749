"""What the gallery offers: every app with its Chinese title, purpose, users and picture.

The catalogue is the one list the server, the gallery, the page titles and the navigation bar
use. ``available`` is decided at serve time from the built notebooks, so slots for apps other
parts of the suite add later (the course home, the trainer dashboard) show as "即将提供" until
their notebook exists.
"""

from __future__ import annotations

from dataclasses import dataclass

TRAINEE, TRAINER, PLANNER = "学员", "培训师", "规划人员"


@dataclass(frozen=True)
class AppEntry:
    name: str                 # notebook name under the built apps folder (no suffix)
    title: str                # Chinese page title
    purpose: str              # one sentence for the gallery card
    users: tuple[str, ...]    # 学员 / 培训师 / 规划人员
    picture: str              # file under tiaojie/serving/static/ (name: [a-z_]+.svg|png)
    trainer_only: bool = False

    @property
    def path(self) -> str:
        return f"voila/render/{self.name}.ipynb"


CATALOG: tuple[AppEntry, ...] = (
    AppEntry("course/home", "课程首页",
             "按学习路径进入各培训模块：阅读、示范案例、即时自测与演练。", (TRAINEE, TRAINER), "curriculum.svg"),
    AppEntry("roleplay", "情景演练",
             "以调解员身份完成一次模拟调解，观察当事人情绪、信任与和解意愿，结束后复盘。",
             (TRAINEE, TRAINER), "roleplay.svg"),
    AppEntry("casebank_explorer", "案例库浏览",
             "按领域、程序、特殊群体筛选示范案例，阅读案情与由规则计算的期限；培训师可查看保密信息。",
             (TRAINEE, TRAINER), "casebank_explorer.svg"),
    AppEntry("deadline_calculator", "期限计算器",
             "计算调解期限、判断调解程序与回避，显示依据的规则、跳过的休息日与调休工作日。",
             (TRAINEE, TRAINER, PLANNER), "deadline_calculator.svg"),
    AppEntry("staffing_planner", "人员规划",
             "测算所需调解员人数：Erlang C 估算与仿真，期限内办结率与置信区间。",
             (PLANNER, TRAINER), "staffing_planner.svg"),
    AppEntry("trainer_dashboard", "培训师看板",
             "查看学员的学习进度、演练记录与考核成绩，按路径与能力汇总。",
             (TRAINER,), "trainer_dashboard.svg", trainer_only=True),
)

BY_NAME = {a.name: a for a in CATALOG}
COURSE_DIR = "course"      # course pages (modules) are built under <apps>/course/ by the course part


def entry(name: str) -> "AppEntry | None":
    return BY_NAME.get(name)
