"""Every word a user reads, in one place (zh-CN). Pages and services refer to these names."""

from __future__ import annotations

APP_NAME = "权益"
APP_DESCRIPTION = "校学生会权益部:提交问题、跟踪进度、失物招领、安全卫生检查。"
DEPARTMENT = "校学生会权益部"

# ---- navigation -------------------------------------------------------------------------
NAV_STAFF = "工作台"
NAV_USERS = "账号管理"
NAV_MAIN_LABEL = "主导航"
SKIP_TO_CONTENT = "跳到正文"

# ---- home -------------------------------------------------------------------------------
HOME_TITLE = "有问题,找权益部"
LOADING_PAGE = "正在打开…食堂、澡堂、宿舍、教学、网络、安全问题,在这里提交,可匿名。"
BACK_HOME = "返回首页"

# ---- login ------------------------------------------------------------------------------
LOGIN_TITLE = "工作人员登录"
LOGIN_USERNAME = "用户名"
LOGIN_PASSWORD = "密码"
LOGIN_SUBMIT = "登录"
LOGIN_BUSY = "正在登录…"
LOGIN_REQUIRED = "请先登录。"
LOGIN_BAD_CREDENTIALS = "用户名或密码错误。"
LOGIN_BAD_CREDENTIALS_LEFT = "用户名或密码错误,再错 {left} 次将锁定 15 分钟。"
LOGIN_LOCKED = "连续输错密码次数过多,账号已锁定,请在 {minutes} 分钟后再试。"
LOGIN_DISABLED = "该账号已停用,请联系管理员。"
LOGIN_EMPTY = "请输入用户名和密码。"
LOGIN_LOCKED_SHORT = "连续输错密码次数过多,账号已锁定 15 分钟。若是你本人常用的手机或电脑,可直接在那台设备上登录。"
LOGIN_CROSS_SITE = "登录请求来自其他网站,已拒绝。请直接打开本站登录页。"
LOGIN_FORM_INVALID = "登录表单无法识别,请返回登录页重新填写。"
LOGOUT_DONE = "已退出登录。"
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
USERS_TITLE = "账号管理"
USERS_CREATE = "新建账号"
USERS_USERNAME = "用户名"
USERS_DISPLAY_NAME = "姓名"
USERS_ROLE = "角色"
USERS_PASSWORD = "初始密码"
USERS_SCOPE = "负责学院(校-院-班:选定后只能看到该学院的反馈)"
USERS_SCOPE_ALL = "全校(不限学院)"
USERS_OFFICE = "所属职能部门"
USERS_PASSWORD_HINT = "至少 10 个字符"
USERS_CREATE_SUBMIT = "创建"
USERS_CREATED = "已创建账号 {username}。"
USERS_DISABLE = "停用"
USERS_ENABLE = "启用"
USERS_RESET = "重置密码"
USERS_RESET_DONE = "已为 {username} 重置密码,新密码:{password}(只显示这一次,请现在抄下或转告本人)"
USERS_RESET_DONE_SHORT = "已为 {username} 重置密码,新密码显示在弹出的提示中(只显示一次)。"
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
PHOTO_STORE_DOWN = "照片暂时存不进去(存储服务没有响应),请稍后再试;已填的内容还在。"
OUTBOX_TITLE = "通知发送"
OUTBOX_SUMMARY = "待发送 {waiting} 条(其中重试中 {retrying} 条),发送失败 {failed} 条。"
OUTBOX_NO_SMTP = "尚未配置邮件服务器(QUANYI_SMTP_HOST),通知会留在发件箱,配置后自动发出。"
OUTBOX_FAILED_LINE = "{at} · 发给 {recipient} · {subject} · 已尝试 {attempts} 次:{error}"
OUTBOX_RETRY = "重新发送失败的通知"
OUTBOX_RETRIED = "已安排重新发送 {n} 条通知。"
PHOTO_UPLOADING = "正在处理照片…"

# ---- connection / offline ---------------------------------------------------------------
CONN_LOST = "网络连接中断,正在重新连接…"
GENERIC_ERROR = "出了点问题,请稍后再试。已填写的内容没有丢失。"
RENDER_ERROR_TITLE = "页面出错了"
RENDER_ERROR_BODY = "这是我们的问题,不是你的。刷新页面通常就能恢复。"
SERVICE_RECOVERING_TITLE = "系统正在恢复"
SERVICE_RECOVERING_BODY = (
    "服务器暂时连不上数据库,通常一两分钟内就会恢复。你填写的内容还留在这台手机上,请稍后刷新再提交。"
)
SERVICE_RECOVERING = "系统正在恢复,请稍后再试。已填写的内容没有丢失。"
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
SLOW_SERVER = "人多,正在排队处理,请稍等…已填写的内容不会丢失,不用重复提交。"
BUSY_REFUSED = "人多,稍等:这一下没有送出。请过几秒再点一次,已填写的内容还在。"
BOOT_BAD_NUMBER = "配置错误:{name} 应为正整数,现在是「{value}」。"
BOOT_BAD_STORE = "配置错误:QUANYI_STATE_STORE 只能是 {choices},现在是「{value}」。"
BOOT_BAD_SERVER = "配置错误:QUANYI_SERVER 只能是 {choices},现在是「{value}」。"
BOOT_NO_REDIS = "未找到 redis-server:改用单进程内存状态存储(只用一个 CPU 核心)。安装 redis-server 后重启即可。"
BOOT_REDIS_FAILED = "redis-server 未能启动,请检查数据目录是否可写。"
BOOT_STATE_STORE = "状态存储:{store},{workers} 个工作进程。"
BOOT_SHARED_NEEDS_SECRET = (
    "配置错误:本节点与其他节点共用 PostgreSQL 或 Redis,必须设置 QUANYI_SECRET_KEY"
    "(至少 32 个字符的随机串,所有节点相同),否则一个节点签发的登录、照片链接和表单在另一个节点上都会失效。"
)
BOOT_NOT_BUILT = "还没有构建前端:请先运行 python -m quanyi_app.cli build(make cluster 会自动完成)。"

# ---- QR points ----------------------------------------------------------------------------
QR_URL_TOO_LONG = "QUANYI_PUBLIC_URL 太长,二维码会过密难以扫描。请使用更短的站点地址。"
BUILDING_NOT_FOUND = "楼栋不存在。"

# ---- cases --------------------------------------------------------------------------------
CASE_REJECTED_BOT = "提交失败,请刷新页面后重试。"
CASE_RELOAD = "页面已过期,请刷新后重新提交(已填写的内容会保留)。"
DEVICE_NEEDED = "请刷新页面后再提交(已填写的内容会保留)。若仍不行,请允许本站使用 Cookie:我们用它识别这台手机,防止刷屏。"
ANONYMOUS_BUDGET_SPENT = "这一小时全校提交的数量已达上限,请稍后再试。如有急事,请到学生发展中心309权益值班室当面反映。"
CASE_PHONE_INVALID = "手机号格式不对:请输入 11 位手机号。"
CASE_EMAIL_INVALID = "邮箱格式不对。"
COLLEGE_NOT_FOUND = "学院不存在。"
CASE_OUT_OF_SCOPE = "这条反馈不在你负责的学院范围内。"
OFFICE_NOT_FOUND = "职能部门不存在。"

# ---- printing -----------------------------------------------------------------------------
PRINT_FONT_MISSING = "服务器缺少中文字体(fonts-noto-cjk),无法生成打印文件。请运行 make run 安装。"

# ---- submission form ------------------------------------------------------------------------
SUBMIT_PHOTOS = "照片(最多 4 张,可选)"
SUBMIT_PHOTO_REMOVE = "删除这张照片"
SUBMIT_CONTACT_PHONE = "手机号"
SUBMIT_CONTACT_EMAIL = "邮箱(有进展时邮件通知你)"
SUBMIT_HONEYPOT = "网站(请留空)"

# ---- staff: cases --------------------------------------------------------------------------
QR_RETIRE = "停用"
QR_ACTIVATE = "启用"
QR_STATUS_RETIRED = "已停用"

# ---- categories --------------------------------------------------------------------------
FIRST_ADMIN_NAME = "管理员"

# ---- lost and found (失物招领) ------------------------------------------------------------
FOUND_NOT_YOUR_POINT = "你不在这个招领点值班,不能办理这里的物品。请联系管理员分配招领点。"
BOOT_PURGED = (
    "已清除过期个人信息:认领 {claims} 条、寻物启事 {reports} 条、交接记录 {handovers} 条、活动报名 {registrations} 条。"
)

# ---- inspections (检查) -----------------------------------------------------------------------
INS_NOT_YOURS = "这次检查没有安排给你,不能打开。如需代检,请联系部长调整检查人员。"
REQUEST_TOO_LARGE = "上传的内容太大了:一次最多 4 张照片,每张不超过 15 MB。请少选几张或压缩后再试。"
UPLOAD_REFUSED = "这次上传无法处理,请刷新页面后重新选择照片。"
PHOTO_NEEDS_SIGNAL = "现在没有网络,照片暂时无法上传。文字已保存在本机;恢复信号后这里会重新出现“添加照片”。"

# Plain pages (core/web): a form the browser itself posts
FORM_CROSS_SITE = "这个提交来自其他网站,已拒绝。请直接打开本站页面后再提交。"
FORM_UNREADABLE = "提交的内容没有完整收到(可能网络中断,或照片太多、太大),请重试。已填写的文字仍在本页。"
