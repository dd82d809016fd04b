"""Every word of the proposals feature a user reads (zh-CN). Shared words are in core/strings.py."""

from __future__ import annotations

# ---- navigation -------------------------------------------------------------------------
NAV_PROPOSALS = "提案"

# ---- QR points ----------------------------------------------------------------------------
QR_UNKNOWN = "这个二维码无效,可能印错或已损坏。请在下面手动选择你所在的楼栋。"
QR_RETIRED = "这个二维码已停用或已更换。问题照样可以提交:请确认下面的楼栋。"
QR_NOT_FOUND = "二维码点不存在。"
QR_LABEL_INVALID = "请填写二维码点名称(2–64 个字),例如“西区24栋 一楼提案本”。"
QR_KIND_INVALID = "请选择有效的二维码点类型。"
QR_KIND_LABELS = {"book": "提案本", "table_card": "餐桌卡", "duty_room": "值班室", "other": "其他"}

# ---- cases --------------------------------------------------------------------------------
CASE_DESCRIPTION_SHORT = "请把问题描述清楚一些:至少 {n} 个字。"
CASE_DESCRIPTION_LONG = "描述太长了:最多 {n} 个字。"
CASE_CATEGORY_REQUIRED = "请选择问题类别。"
CASE_STUDENT_NO_INVALID = "学号格式不对:4–20 位字母或数字。"
CASE_RATE_DEVICE = "你这台手机提交得太频繁了,请稍后再试。如有急事,请到学生发展中心309权益值班室当面反映。"
CASE_RATE_POINT = "这个二维码点近一小时提交过多,请稍后再试。"
COLLEGE_NONE = "不限学院"
TRACKING_UNKNOWN = "跟踪码无效:请检查链接或跟踪码是否完整。"
CASE_CLOSED_NO_FOLLOWUP = "这条反馈已经办结,不能再补充。如果问题仍未解决,可以在解决后 7 天内重新打开。"
CASE_FOLLOWUP_EMPTY = "请填写补充内容或添加照片。"
CASE_REOPEN_WINDOW = "只能在标记为已解决后的 7 天内重新打开。"
CASE_REOPEN_REASON = "请说明问题哪里还没解决(至少 {n} 个字)。"
CASE_ALREADY_RATED = "你已经评价过了,每条反馈只能评价一次。"
CASE_RATE_WINDOW = "只能在问题解决后 7 天内评价。"
CASE_RATING_INVALID = "请选择 1–5 星。"
CASE_NOT_FOUND = "反馈不存在。"
CASE_ALREADY_CLOSED = "这条反馈已经办结。"
CASE_ALREADY_ACCEPTED = "这条反馈已经受理过了。"
CASE_REJECT_REASON = "请填写不予受理的理由(2–500 字),同学会看到它。"
CASE_ASSIGNEE_INVALID = "请选择有效的权益部成员。"
CASE_IN_PROPOSAL = "这条反馈已并入提案,请在提案里转交。"
CASE_DUE_IN_PAST = "回复期限必须是将来的日期。"
CASE_NOT_FORWARDED = "还没有转交职能部门,无法登记回复。"
CASE_REPLY_LENGTH = "回复内容需要 2–2000 字。"
CASE_NOTE_LENGTH = "备注需要 1–2000 字。"
ACTOR_STUDENT = "同学"
EVENT_TITLES = {
    "submitted": "已收到反馈",
    "accepted": "权益部已受理",
    "rejected": "不予受理",
    "assigned": "指派给",
    "routed": "分派到学院",
    "forwarded": "已转交{office}",
    "office_reply": "{office}已回复",
    "public_reply": "权益部回复",
    "resolved": "问题已解决",
    "reopened": "同学反馈问题未解决,已重新打开",
    "merged": "已并入提案《{proposal}》",
    "proposal_update": "提案《{proposal}》有新进展",
    "followup": "同学补充说明",
    "rated": "同学已评价",
    "note": "内部备注",
    "meeting": "你的问题在见面会上得到答复",
    "commitment": "{office}的承诺事项有新进展",
}
STATUS_LABELS = {
    "received": "已收到",
    "accepted": "已受理",
    "rejected": "不予受理",
    "forwarded": "已转交",
    "replied": "部门已回复",
    "resolved": "已解决",
}
EMAIL_SUBJECT = "【权益】你的反馈有新进展:{title}"
EMAIL_BODY = "你好!\n\n你提交的反馈有新进展:{title}\n\n{body}\n\n查看完整进度:{link}\n\n—— 校学生会权益部(此邮件由系统自动发送,请勿直接回复)"

# ---- proposals ---------------------------------------------------------------------------
PROPOSAL_NOT_FOUND = "提案不存在。"
PROPOSAL_ORIGIN_DOC = "附:调查报告(PDF)"
PROPOSAL_TITLE_LENGTH = "提案标题需要 4–80 字。"
PROPOSAL_SUMMARY_LENGTH = "提案内容需要 10–5000 字。"
PROPOSAL_NEEDS_CASES = "请至少选择一条反馈并入提案。"
PROPOSAL_CASE_TAKEN = "反馈 {code} 已经在另一个提案里了。"
PROPOSAL_CASE_CLOSED = "反馈 {code} 已经办结,不能并入提案。"
PROPOSAL_CLOSED = "这个提案已经办结。"
PROPOSAL_PROGRESS_RANGE = "进度需要在 0–100% 之间。"
PROPOSAL_MILESTONE_LENGTH = "进展说明需要 2–500 字。"
PROGRESS = "进度 "

# ---- printing -----------------------------------------------------------------------------
PRINT_TITLE = "权益提案本二维码"
PRINT_HEADER = "权益提案本 · 扫码反映问题"
PRINT_INSTRUCTION = "微信或手机相机扫一扫,拍照反映问题"
PRINT_INSTRUCTION_SHORT = "扫码反映问题,可匿名"
PRINT_ANONYMOUS = "食堂 · 澡堂 · 宿舍 · 教学 · 网络 · 安全,无需注册,默认匿名"
PRINT_URL_HINT = "扫不了码?在浏览器输入:"
PRINT_NO_POINTS = "没有可打印的二维码点。"

# ---- submission form ------------------------------------------------------------------------
SUBMIT_TITLE = "反映问题"
SUBMIT_FROM_POINT = "来自:"
SUBMIT_BUILDING = "所在楼栋"
SUBMIT_BUILDING_PICK = "请选择楼栋(可不选)"
SUBMIT_CATEGORY = "问题类别"
SUBMIT_CATEGORY_PICK = "请选择"
SUBMIT_COLLEGE = "所在学院(可不选)"
SUBMIT_COLLEGE_PICK = "不选"
SUBMIT_DESCRIPTION = "问题描述"
SUBMIT_DESCRIPTION_HINT = "写清楚在哪里、什么问题、持续多久了。5–2000 字。"
SUBMIT_NAMED = "留下联系方式(不勾选则完全匿名)"
SUBMIT_CONTACT_NAME = "称呼"
SUBMIT_CONTACT_STUDENT_NO = "学号"
SUBMIT_PRIVACY = "隐私说明:默认匿名提交。联系方式只有负责处理的权益部成员能看到,公开页面从不显示;照片上传时会去除位置等信息,经工作人员审核后才可能公开。"
SUBMIT_BUTTON = "提交"
SUBMIT_BUSY = "正在提交…"
SUBMIT_DONE_TITLE = "提交成功!"
SUBMIT_DONE_BODY = "请保存你的跟踪码,凭它查看处理进度、补充说明、解决后评价。它也已保存在本机“我的提交”里。"
SUBMIT_DONE_CODE = "跟踪码"
SUBMIT_DONE_OPEN = "查看处理进度"
SUBMIT_DONE_COPY = "复制跟踪链接"
SUBMIT_DONE_COPIED = "已复制"
SUBMIT_DONE_AGAIN = "再反映一个问题"
SUBMIT_PHOTOS = "照片(可选,最多 {n} 张)"
SUBMIT_PHOTOS_HINT = "拍照或从相册选择,单张不超过 15 MB。上传时会去除位置等信息。"
SUBMIT_PHOTOS_KEPT = "已收到 {n} 张照片,会随本次提交,不用重新选择。"
SUBMIT_MORE = "我的提交 · 用跟踪码查询进度"
SUBMIT_MORE_LINK = "查看我的提交"
MY_CASES_TITLE = "我的提交(本机)"
MY_CASES_EMPTY = "这台手机还没有提交过问题。"
LOOKUP_TITLE = "用跟踪码查询"
LOOKUP_LABEL = "跟踪码"
LOOKUP_BUTTON = "查询"

# ---- tracking page ------------------------------------------------------------------------
TRACK_TITLE = "处理进度"
TRACK_STATUS = "当前状态"
TRACK_SUBMITTED_AT = "提交时间"
TRACK_CATEGORY = "类别"
TRACK_PROPOSAL = "已并入提案"
TRACK_TIMELINE = "处理记录"
TRACK_MY_PHOTOS = "你上传的照片(仅你可见)"
TRACK_FOLLOWUP = "补充说明"
TRACK_FOLLOWUP_BUTTON = "发送补充"
TRACK_FOLLOWUP_DONE = "补充已发送,权益部会看到。"
TRACK_REOPEN = "问题没有真正解决?"
TRACK_REOPEN_HINT = "解决后 7 天内可以重新打开,请说明哪里还有问题。"
TRACK_REOPEN_BUTTON = "重新打开"
TRACK_REOPEN_DONE = "已重新打开,权益部会继续跟进。"
TRACK_RATE = "给这次处理打分"
TRACK_RATE_STAR = "{n} 星"
TRACK_RATE_COMMENT = "想说的话(可选)"
TRACK_RATE_BUTTON = "提交评价"
TRACK_RATE_DONE = "谢谢你的评价!"
TRACK_RATED = "你的评价:{n} 星"
TRACK_NOT_FOUND_HELP = "如果是从短信、邮件或聊天里复制的链接,请确认完整复制了跟踪码。"

# ---- staff: cases --------------------------------------------------------------------------
NAV_CASES = "反馈处理"
NAV_PROPOSALS_STAFF = "提案"
NAV_QR = "二维码点"
CASE_DUE_INVALID = "请按 年-月-日 填写回复期限,例如 2026-12-01。"
SOURCE_LABELS = {"qr": "扫码提交", "web": "网页提交", "book": "纸质提案本录入"}
PROPOSAL_STATUS_LABELS = {"drafting": "整理中", "forwarded": "已转交", "replied": "部门已回复", "resolved": "已解决"}
ACT_DONE_ACCEPT = "已受理。"
ACT_DONE_REJECT = "已标记为不予受理,同学会看到理由。"
ACT_DONE_ASSIGN = "已指派。"
ACT_DONE_ROUTE = "已分派学院。"
ACT_DONE_FORWARD = "已转交职能部门。"
ACT_DONE_OFFICE_REPLY = "已登记部门回复。"
ACT_DONE_REPLY = "已公开回复。"
ACT_DONE_NOTE = "已添加内部备注。"
ACT_DONE_RESOLVE = "已标记为解决。"
ACT_DONE_PROPOSAL = "已创建提案。"
ACT_DONE_PROGRESS = "已更新提案进展。"
INBOX_TITLE = "反馈处理"
INBOX_OVERDUE = "超期未处理:{n} 条"
INBOX_FILTER_STATUS = "状态"
INBOX_STATUS_OPTIONS = [
    ("open", "未办结"),
    ("", "全部"),
    ("received", "待受理"),
    ("accepted", "已受理"),
    ("forwarded", "已转交"),
    ("replied", "部门已回复"),
    ("resolved", "已解决"),
    ("rejected", "不予受理"),
]
INBOX_FILTER_CATEGORY = "类别"
INBOX_FILTER_BUILDING = "楼栋"
INBOX_FILTER_COLLEGE = "学院"
INBOX_FILTER_ALL = "全部"
INBOX_FILTER_OVERDUE = "只看超期"
INBOX_KEYWORD = "关键词或跟踪码"
INBOX_SEARCH = "搜索"
INBOX_EMPTY = "没有符合条件的反馈。"
INBOX_PREV = "上一页"
INBOX_NEXT = "下一页"
INBOX_OVERDUE_BADGE = "超期"
INBOX_IN_PROPOSAL = "已并入提案"
CASE_TITLE = "反馈详情"
CASE_BACK = "返回列表"
CASE_CONTACT = "联系方式"
CASE_ANONYMOUS = "匿名提交"
CASE_REVEAL = "显示完整联系方式(将记录在审计日志)"
CASE_HISTORY = "全部记录"
CASE_INTERNAL = "内部"
CASE_PUBLIC = "公开"
CASE_ACTIONS = "处理"
CASE_ACCEPT = "受理"
CASE_REJECT = "不予受理"
CASE_REJECT_REASON_LABEL = "不予受理的理由(同学可见)"
CASE_ASSIGN = "指派"
CASE_ASSIGN_TO = "指派给"
CASE_ROUTE = "分派学院"
CASE_FORWARD = "转交职能部门"
CASE_FORWARD_OFFICE = "职能部门"
CASE_FORWARD_DUE = "回复期限(年-月-日)"
CASE_OFFICE_REPLY = "登记部门回复"
CASE_OFFICE_REPLY_TEXT = "部门回复内容"
CASE_REPLY = "公开回复"
CASE_REPLY_TEXT = "回复内容(同学可见)"
CASE_TEMPLATE = "使用回复模板"
CASE_NOTE = "内部备注"
CASE_NOTE_TEXT = "备注(仅工作人员可见)"
CASE_RESOLVE = "标记为已解决"
CASE_DUPLICATES = "可能重复的反馈"
CASE_DUPLICATES_NONE = "没有发现相似的反馈。"
CASE_MAKE_PROPOSAL = "合并为提案"
CASE_MAKE_PROPOSAL_HINT = "把本条和勾选的相似反馈合并成一个正式提案;每位同学都能在自己的跟踪页看到提案进展。"
CASE_INCLUDE = "一并纳入"
PROPOSAL_TITLE_LABEL = "提案标题"
PROPOSAL_SUMMARY_LABEL = "提案内容"
PROPOSAL_CREATE = "创建提案"
PROPOSALS_TITLE = "提案"
PROPOSALS_EMPTY = "还没有提案。在反馈详情里可以把相似反馈合并为提案。"
PROPOSAL_CASES = "关联反馈({n} 条)"
PROPOSAL_PROGRESS_LABEL = "进度(0–100)"
PROPOSAL_MILESTONE_LABEL = "进展说明"
PROPOSAL_UPDATE = "发布进展"
PROPOSAL_RESOLVE = "提案已解决"
PROPOSAL_LETTER = "导出公函 PDF"
QR_TITLE = "二维码点"
QR_CREATE = "新建二维码点"
QR_LABEL = "名称"
QR_KIND = "类型"
QR_CREATE_BUTTON = "创建"
QR_CREATED = "已创建二维码点。"
QR_ROTATED = "已更换二维码:旧码已停用,请打印新码替换。"
QR_ACTIVATED = "已启用。"
QR_RETIRED_DONE = "已停用,扫描旧码会提示同学手动选择楼栋。"
QR_ROTATE = "更换二维码"
QR_SCANS = "扫码 {n} 次"
QR_PRINT = "打印"
QR_PRINT_SCOPE = "打印范围"
QR_PRINT_ALL = "全部二维码点"
QR_PRINT_INSERTS = "提案本插页(每页一个)PDF"
QR_PRINT_LABELS = "标签纸(每页 8 个)PDF"
QR_PNG = "下载图片"

# ---- figures ---------------------------------------------------------------------------------
FIG_TITLE = "我们的工作"
FIG_COLLECTED = "收到反馈"
FIG_HANDLED = "已办结"
FIG_HANDLED_RATE = "办结率"
FIG_MEDIAN_HOURS = "首次回应(中位数,小时)"
FIG_SATISFACTION = "平均满意度(5分制)"
FIG_SATISFIED_PCT = "4 星及以上"
FIG_BY_CATEGORY = "按类别"
FIG_BY_MONTH = "按月份"
FIG_COL_NAME = "类别/月份"
FIG_COL_COLLECTED = "反馈"
FIG_COL_RATE = "办结率"
FIG_COL_SAT = "满意度"
LETTER_HEADER = "校学生会权益部 · 学生提案"
LETTER_TO = "致:{office}"
LETTER_TO_UNSET = "相关职能部门"
LETTER_COUNT = "本提案汇总了 {n} 位同学的反馈。"
LETTER_PHOTOS = "现场照片:"
BOOK_TITLE = "录入纸质提案"
BOOK_PAGE = "提案本页码"
BOOK_DATE = "提案日期"
BOOK_PHOTO_HINT = "可拍下手写页面作为原件留存(仅工作人员可见)。"
BOOK_SAVE = "保存为反馈"
BOOK_SAVED = "已录入。"

# ---- typical cases -------------------------------------------------------------------------
STORIES_TITLE = "维权典例"
STORIES_LEAD = "这些问题经同学反映、权益部跟进、职能部门处理后得到了解决。"
STORIES_EMPTY = "还没有发布的维权典例。"
STORY_PROBLEM = "同学反映"
STORY_REPLY = "职能部门回复"
STORY_CHANGE = "带来的改变"
STORY_BEFORE = "处理前"
STORY_AFTER = "处理后"
STORY_NOT_FOUND = "这个维权典例不存在或已撤下。"
STORY_NOT_RESOLVED = "只有已解决的反馈或提案才能发布为维权典例。"
STORY_TITLE_LENGTH = "标题需要 4–80 字。"
STORY_TEXT_LENGTH = "请写清楚问题(10–3000 字)和带来的改变(4–3000 字)。"
STORY_SOURCE_MISSING = "请从已解决的反馈或提案发布。"
STORY_PUBLISH = "发布为维权典例"
STORY_PUBLISHED = "已发布。"
STORY_EDITOR_TITLE = "发布维权典例"
STORY_EDITOR_HINT = "内容会公开展示。系统已自动去除手机号、邮箱和学号,请再检查一遍,不要出现姓名和宿舍号。"
STORY_TITLE_LABEL = "标题"
STORY_AFTER_PHOTOS = "处理后照片(可选)"
STORY_BEFORE_PHOTOS = "处理前照片(来自同学反馈,发布后公开)"

# ---- categories --------------------------------------------------------------------------
NAV_CATEGORIES = "问题类别"
CATEGORIES_TITLE = "问题类别"
CATEGORIES_HINT = "同学提交时从这里选择。停用的类别不再出现在表单里,已有反馈不受影响。"
CATEGORY_NEW = "新类别名称"
CATEGORY_ADD = "添加"
CATEGORY_ADDED = "已添加类别。"
CATEGORY_SAVED = "已保存。"
CATEGORY_RENAME = "改名"
CATEGORY_UP = "上移"
CATEGORY_DOWN = "下移"
CATEGORY_RETIRE = "停用"
CATEGORY_ACTIVATE = "启用"
CATEGORY_RETIRED = "已停用"
CATEGORY_NAME_LENGTH = "类别名称需要 1–16 个字。"
CATEGORY_NAME_TAKEN = "已经有“{name}”这个类别了。"
CATEGORY_NOT_FOUND = "类别不存在。"
CATEGORY_LAST = "至少要保留一个可用的类别。"
BOOK_REF = "{date} 第{page}页"
LETTER_DATE = "{y}年{m}月{d}日"

# ---- on the home page ----------------------------------------------------------------------
HOME_CTA_SUBMIT = "我要反映问题"
HOME_STORIES_LINK = "看看我们解决了哪些问题 →"
MINE_KIND = "提案"
PROPOSAL_RESOLVE_CONFIRM_TITLE = "标记为已解决?"
PROPOSAL_RESOLVE_CONFIRM = "提案里的每位同学都会收到“问题已解决”的通知。确认问题确实解决了吗?"
PROPOSAL_RESOLVE_NO_REPLY = (
    "还没有登记职能部门的回复。标记后,提案里的每位同学都会收到“问题已解决”的通知。确认问题确实已经解决了吗?"
)
PROPOSAL_RESOLVE_CONFIRM_BUTTON = "确认已解决"
CANCEL = "取消"
