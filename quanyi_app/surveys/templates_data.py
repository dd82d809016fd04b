"""The department's survey templates: its own service (满意度抽查), the canteens (食堂满意度) and online
teaching (网络教学), in the words of its own past surveys."""

from __future__ import annotations

AGREE = ["非常满意", "满意", "一般", "不满意", "非常不满意"]

TEMPLATES: dict[str, dict] = {
    "satisfaction": {
        "title": "权益部服务满意度抽查",
        "intro": "因你而来,为你服务。请花两分钟告诉我们,权益部处理你反映的问题时做得怎么样。匿名填写。",
        "thanks": "谢谢!你的意见会写进本月的满意度抽查报告。",
        "target": 300,
        "questions": [
            {"kind": "college", "title": "你所在的学院", "required": True},
            {"kind": "grade", "title": "你的年级", "required": True},
            {
                "kind": "single",
                "title": "这学期你向权益部反映过问题吗?",
                "required": True,
                "options": ["反映过", "没有"],
            },
            {"kind": "rating", "title": "对处理结果的满意程度", "required": True, "show_if": (2, "反映过")},
            {"kind": "rating", "title": "对回复速度的满意程度", "show_if": (2, "反映过")},
            {"kind": "nps", "title": "你有多大可能向同学推荐权益部?", "required": True},
            {"kind": "longtext", "title": "还有什么想对权益部说的?"},
        ],
    },
    "canteen": {
        "title": "食堂满意度调查",
        "intro": "为了和饮食服务中心面对面沟通,我们想听听你对食堂的真实感受。匿名填写,约 3 分钟。",
        "thanks": "谢谢!结果会带到和食堂的见面会上,进展在「承诺事项」公开。",
        "target": 2000,
        "questions": [
            {"kind": "section", "title": "关于你", "help": "用于按楼栋、学院统计,不会识别个人。"},
            {"kind": "building", "title": "你住在哪栋楼?", "required": True},
            {"kind": "college", "title": "你所在的学院", "required": True},
            {"kind": "grade", "title": "你的年级"},
            {"kind": "section", "title": "用餐情况"},
            {
                "kind": "single",
                "title": "你最常去哪个食堂?",
                "required": True,
                "options": ["第一食堂(桃李园)", "第二食堂(清芬园)", "校外"],
                "allow_other": True,
            },
            {"kind": "number", "title": "你平均每周在食堂吃几餐?"},
            {
                "kind": "multi",
                "title": "你最希望改进的方面(最多选 3 项)",
                "options": ["菜品口味", "价格", "卫生", "排队时间", "营业时间", "服务态度"],
                "max_choices": 3,
            },
            {
                "kind": "matrix",
                "title": "请为以下方面打分",
                "required": True,
                "rows": ["口味", "价格", "卫生", "服务"],
                "options": AGREE,
            },
            {"kind": "rating", "title": "总体满意度", "required": True},
            {"kind": "nps", "title": "你有多大可能向新同学推荐你最常去的食堂?"},
            {"kind": "longtext", "title": "具体的建议或遇到的问题"},
        ],
    },
    "online_teaching": {
        "title": "网络教学情况调查",
        "intro": "了解同学们上网课遇到的困难,整理后以提案形式提交教务处。匿名填写。",
        "thanks": "谢谢!调查报告和提案进展会在权益部公开。",
        "target": 1000,
        "questions": [
            {"kind": "college", "title": "你所在的学院", "required": True},
            {"kind": "grade", "title": "你的年级", "required": True},
            {
                "kind": "multi",
                "title": "上网课时遇到过哪些问题?",
                "required": True,
                "options": ["网络卡顿", "平台不稳定", "作业量过大", "互动太少", "设备不足"],
            },
            {
                "kind": "single",
                "title": "你所在宿舍的网络能否满足网课需要?",
                "required": True,
                "options": ["能", "勉强", "不能"],
            },
            {"kind": "text", "title": "网络问题集中在什么时间?", "show_if": (3, "不能")},
            {"kind": "rating", "title": "对网络教学的总体满意度", "required": True},
            {"kind": "longtext", "title": "你的建议"},
        ],
    },
}

GRADES = ["大一", "大二", "大三", "大四", "大五", "研一", "研二", "研三", "博士"]
