"""Every word a user reads, in one place (zh-CN). Pages and services refer to these names."""

from __future__ import annotations

APP_NAME = "权益"
APP_FULL_NAME = "权益 · 学生权益服务"
APP_SHORT_NAME = "权益"
APP_DESCRIPTION = "校学生会权益部:提交问题、跟踪进度、失物招领、安全卫生检查。"
DEPARTMENT = "校学生会权益部"

# ---- navigation -------------------------------------------------------------------------
NAV_HOME = "首页"
NAV_PROPOSALS = "提案"
NAV_FOUND = "失物招领"
NAV_INSPECT = "检查"
NAV_ME = "我的"
NAV_STAFF = "工作台"
NAV_USERS = "账号管理"
NAV_MAIN_LABEL = "主导航"
SKIP_TO_CONTENT = "跳到正文"

# ---- home -------------------------------------------------------------------------------
HOME_TITLE = "有问题,找权益部"
HOME_LEAD = "食堂、澡堂、宿舍、教学、网络、安全——遇到问题扫一扫宿舍提案本上的二维码,或直接在这里提交。无需注册,可匿名。"
HOME_FEATURES = [
    ("message_square_warning", "提交问题", "拍照描述问题,默认匿名,拿到跟踪码。"),
    ("route", "跟踪进度", "受理、转交职能部门、回复、解决,每一步都看得到。"),
    ("search", "失物招领", "查一查东西有没有被捡到,在线认领。"),
    ("clipboard_check", "安全卫生检查", "宿舍与食堂后厨的每周检查和整改公开可查。"),
]
HOME_CTA_SUBMIT = "我要反映问题"
HOME_CTA_FOUND = "查失物"
HOME_STAFF_LINK = "权益部工作人员入口"
HOME_HOW_TITLE = "怎么用"
HOME_HOW_STEPS = [
    "扫宿舍提案本上的二维码,或点“我要反映问题”。",
    "选类别、写清楚问题、拍几张照片。",
    "保存跟踪码,随时查看处理进度,解决后给我们打分。",
]
COMING_SOON = "该功能正在建设中,敬请期待。"
PAGE_PROPOSALS_TITLE = "提案与反馈"
PAGE_FOUND_TITLE = "失物招领"
PAGE_INSPECT_TITLE = "安全卫生检查"
PAGE_ME_TITLE = "我的"
ME_NO_ACCOUNT = "同学无需账号。你在本机提交的问题会列在这里。"
ME_STAFF_TITLE = "工作人员"
ME_LOGGED_IN_AS = "已登录:"
NOT_FOUND_TITLE = "页面不存在"
NOT_FOUND_BODY = "这个地址没有内容。请检查链接,或返回首页。"
BACK_HOME = "返回首页"

# ---- login ------------------------------------------------------------------------------
LOGIN_TITLE = "工作人员登录"
LOGIN_USERNAME = "用户名"
LOGIN_PASSWORD = "密码"
LOGIN_SUBMIT = "登录"
LOGIN_BUSY = "正在登录…"
LOGOUT = "退出登录"
LOGIN_REQUIRED = "请先登录。"
LOGIN_BAD_CREDENTIALS = "用户名或密码错误。"
LOGIN_BAD_CREDENTIALS_LEFT = "用户名或密码错误,再错 {left} 次将锁定 15 分钟。"
LOGIN_LOCKED = "连续输错密码次数过多,账号已锁定,请在 {minutes} 分钟后再试。"
LOGIN_DISABLED = "该账号已停用,请联系管理员。"
LOGIN_EMPTY = "请输入用户名和密码。"
SESSION_EXPIRED = "登录已过期,请重新登录。"
PERMISSION_DENIED = "没有权限执行此操作。"

ROLE_LABELS = {
    "admin": "管理员",
    "staff": "权益部成员",
    "inspector": "检查员",
    "office": "职能部门",
}

# ---- staff dashboard / admin ----------------------------------------------------------------
STAFF_TITLE = "权益部工作台"
STAFF_WELCOME = "你好,{name}"
STAFF_ROLE_PREFIX = "身份:"
USERS_TITLE = "账号管理"
USERS_CREATE = "新建账号"
USERS_USERNAME = "用户名"
USERS_DISPLAY_NAME = "姓名"
USERS_ROLE = "角色"
USERS_PASSWORD = "初始密码"
USERS_PASSWORD_HINT = "至少 10 个字符"
USERS_CREATE_SUBMIT = "创建"
USERS_CREATED = "已创建账号 {username}。"
USERS_DISABLE = "停用"
USERS_ENABLE = "启用"
USERS_RESET = "重置密码"
USERS_RESET_DONE = "已为 {username} 重置密码,新密码:{password}(只显示这一次)"
USERS_DISABLED_DONE = "已停用 {username}。"
USERS_ENABLED_DONE = "已启用 {username}。"
USERS_STATUS_ACTIVE = "正常"
USERS_STATUS_DISABLED = "已停用"
USERS_STATUS_LOCKED = "已锁定"
USERS_LIST = "全部账号"
USERS_CANNOT_DISABLE_SELF = "不能停用自己的账号。"
USERS_LAST_ADMIN = "至少要保留一个可用的管理员账号。"
USERS_USERNAME_INVALID = "用户名只能包含 3–32 位英文字母、数字、下划线、点或连字符。"
USERS_USERNAME_TAKEN = "用户名 {username} 已被占用。"
USERS_NAME_REQUIRED = "请填写姓名(1–32 个字)。"
USERS_ROLE_INVALID = "请选择有效的角色。"
USERS_PASSWORD_SHORT = "密码至少 10 个字符。"
USERS_NOT_FOUND = "账号不存在。"

# ---- photos -----------------------------------------------------------------------------
PHOTO_TOO_LARGE = "照片太大:单张不能超过 {mb} MB。"
PHOTO_TOO_MANY_PIXELS = "照片分辨率太高:不能超过 {mp} 百万像素。"
PHOTO_NOT_IMAGE = "无法识别这个文件:请上传 JPG、PNG、WebP 或 HEIC 格式的照片。"
PHOTO_BROKEN = "照片文件已损坏或不完整,请重新拍摄或选择其他照片。"
PHOTO_EMPTY = "文件是空的,请重新选择照片。"
PHOTO_TOO_MANY_FILES = "一次最多上传 {n} 张照片。"
PHOTO_UPLOAD_LABEL = "添加照片"
PHOTO_UPLOAD_HINT = "拍照或从相册选择,JPG/PNG/WebP/HEIC,单张不超过 15 MB"
PHOTO_REJECTED_TOAST = "有文件没有上传:只接受照片,单张不超过 15 MB。"
PHOTO_NOT_FOUND = "照片不存在或无权查看。"
PHOTO_STORED = "已保存 {n} 张照片(已去除位置等隐私信息)。"
PHOTO_LIBRARY = "照片素材"
PHOTO_LIBRARY_HINT = "上传的照片会自动转正、压缩,并去除 GPS 位置等全部元数据。"
PHOTO_LIBRARY_EMPTY = "还没有上传照片。"
PHOTO_UPLOADING = "正在处理照片…"

# ---- connection / offline ---------------------------------------------------------------
CONN_LOST = "网络连接中断,正在重新连接…"
OFFLINE_TITLE = "当前离线"
OFFLINE_BODY = "网络不可用。恢复网络后刷新页面即可继续。"
GENERIC_ERROR = "出了点问题,请稍后再试。已填写的内容没有丢失。"
RENDER_ERROR_TITLE = "页面出错了"
RENDER_ERROR_BODY = "这是我们的问题,不是你的。刷新页面通常就能恢复。"
RELOAD = "刷新页面"

# ---- CLI / bootstrap --------------------------------------------------------------------
BOOT_ADMIN_CREATED = "已创建首个管理员账号:用户名 {username}"
BOOT_ADMIN_PASSWORD = "初始密码(只显示这一次,请妥善保存):{password}"
BOOT_ADMIN_FROM_ENV = "初始密码取自 QUANYI_ADMIN_PASSWORD。"
BOOT_DEMO_LOADED = "已载入演示数据:{buildings} 栋楼、{points} 个招领点、{offices} 个职能部门。"
BOOT_MIGRATED = "数据库已是最新结构。"
BOOT_SETTINGS_ERROR = "配置错误:{message}"
BOOT_SAMPLE_SCAN = "示例扫码地址({label}):{url}"
BOOT_DB_ERROR = "无法连接数据库:{message}"

# ---- QR points ----------------------------------------------------------------------------
QR_UNKNOWN = "这个二维码无效,可能印错或已损坏。请在下面手动选择你所在的楼栋。"
QR_RETIRED = "这个二维码已停用或已更换。问题照样可以提交:请确认下面的楼栋。"
QR_NOT_FOUND = "二维码点不存在。"
QR_LABEL_INVALID = "请填写二维码点名称(2–64 个字),例如“西区24栋 一楼提案本”。"
QR_KIND_INVALID = "请选择有效的二维码点类型。"
QR_URL_TOO_LONG = "QUANYI_PUBLIC_URL 太长,二维码会过密难以扫描。请使用更短的站点地址。"
BUILDING_NOT_FOUND = "楼栋不存在。"
QR_KIND_LABELS = {"book": "提案本", "table_card": "餐桌卡", "duty_room": "值班室", "other": "其他"}

# ---- cases --------------------------------------------------------------------------------
CASE_REJECTED_BOT = "提交失败,请刷新页面后重试。"
CASE_RELOAD = "页面已过期,请刷新后重新提交(已填写的内容会保留)。"
CASE_DESCRIPTION_SHORT = "请把问题描述清楚一些:至少 {n} 个字。"
CASE_DESCRIPTION_LONG = "描述太长了:最多 {n} 个字。"
CASE_CATEGORY_REQUIRED = "请选择问题类别。"
CASE_PHONE_INVALID = "手机号格式不对:请输入 11 位手机号。"
CASE_EMAIL_INVALID = "邮箱格式不对。"
CASE_STUDENT_NO_INVALID = "学号格式不对:4–20 位字母或数字。"
CASE_RATE_DEVICE = "你这台手机提交得太频繁了,请稍后再试。如有急事,请到学生发展中心309权益值班室当面反映。"
CASE_RATE_POINT = "这个二维码点近一小时提交过多,请稍后再试。"
COLLEGE_NOT_FOUND = "学院不存在。"
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
CASE_OUT_OF_SCOPE = "这条反馈不在你负责的学院范围内。"
CASE_ALREADY_CLOSED = "这条反馈已经办结。"
CASE_ALREADY_ACCEPTED = "这条反馈已经受理过了。"
CASE_REJECT_REASON = "请填写不予受理的理由(2–500 字),同学会看到它。"
CASE_ASSIGNEE_INVALID = "请选择有效的权益部成员。"
CASE_IN_PROPOSAL = "这条反馈已并入提案,请在提案里转交。"
OFFICE_NOT_FOUND = "职能部门不存在。"
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
PRINT_FONT_MISSING = "服务器缺少中文字体(fonts-noto-cjk),无法生成打印文件。请运行 make run 安装。"

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
SUBMIT_DESCRIPTION_COUNT = "{n} / 2000"
SUBMIT_PHOTOS = "照片(最多 4 张,可选)"
SUBMIT_PHOTO_REMOVE = "删除这张照片"
SUBMIT_NAMED = "留下联系方式(不勾选则完全匿名)"
SUBMIT_CONTACT_NAME = "称呼"
SUBMIT_CONTACT_PHONE = "手机号"
SUBMIT_CONTACT_EMAIL = "邮箱(有进展时邮件通知你)"
SUBMIT_CONTACT_STUDENT_NO = "学号"
SUBMIT_PRIVACY = "隐私说明:默认匿名提交。联系方式只有负责处理的权益部成员能看到,公开页面从不显示;照片上传时会去除位置等信息,经工作人员审核后才可能公开。"
SUBMIT_BUTTON = "提交"
SUBMIT_BUSY = "正在提交…"
SUBMIT_HONEYPOT = "网站(请留空)"
SUBMIT_DONE_TITLE = "提交成功!"
SUBMIT_DONE_BODY = "请保存你的跟踪码,凭它查看处理进度、补充说明、解决后评价。它也已保存在本机“我的提交”里。"
SUBMIT_DONE_CODE = "跟踪码"
SUBMIT_DONE_OPEN = "查看处理进度"
SUBMIT_DONE_COPY = "复制跟踪链接"
SUBMIT_DONE_COPIED = "已复制"
SUBMIT_DONE_AGAIN = "再反映一个问题"
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
TRACK_BUILDING = "楼栋"
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
INBOX_STATUS_OPTIONS = [("open", "未办结"), ("", "全部"), ("received", "待受理"), ("accepted", "已受理"),
                        ("forwarded", "已转交"), ("replied", "部门已回复"), ("resolved", "已解决"), ("rejected", "不予受理")]
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
QR_RETIRE = "停用"
QR_ACTIVATE = "启用"
QR_SCANS = "扫码 {n} 次"
QR_PRINT = "打印"
QR_PRINT_SCOPE = "打印范围"
QR_PRINT_ALL = "全部二维码点"
QR_PRINT_INSERTS = "提案本插页(每页一个)PDF"
QR_PRINT_LABELS = "标签纸(每页 8 个)PDF"
QR_PNG = "下载图片"
QR_STATUS_RETIRED = "已停用"

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
