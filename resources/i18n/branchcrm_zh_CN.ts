<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>Application</name>
    <message>
      <source>BranchCRM cannot start</source>
      <translation>BranchCRM 无法启动</translation>
    </message>
    <message>
      <source>This database has no staff accounts yet. Add the first administrator with: branchcrm staff add LOGIN --name NAME --role admin</source>
      <translation>该数据库还没有员工账户。请先用以下命令添加第一位管理员：branchcrm staff add 登录名 --name 姓名 --role admin</translation>
    </message>
    <message>
      <source>Cannot open the database: %1</source>
      <translation>无法打开数据库：%1</translation>
    </message>
  </context>
  <context>
    <name>ConflictDialog</name>
    <message>
      <source>Someone else saved this customer first</source>
      <translation>他人已先保存了该客户</translation>
    </message>
    <message>
      <source>A colleague saved this file while you were editing it. For each field, choose which value to keep. Fields only they changed keep their value; nothing is lost.</source>
      <translation>您编辑期间，同事已保存了这份档案。请逐项选择要保留的值。只有对方修改过的字段保留对方的值，不会丢失任何内容。</translation>
    </message>
    <message>
      <source>Save my choices</source>
      <translation>按我的选择保存</translation>
    </message>
    <message>
      <source>Keep editing</source>
      <translation>继续编辑</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>修改前</translation>
    </message>
    <message>
      <source>Yours</source>
      <translation>您的值</translation>
    </message>
    <message>
      <source>Theirs (saved)</source>
      <translation>对方的值（已保存）</translation>
    </message>
  </context>
  <context>
    <name>ConnectionBanner</name>
    <message>
      <source>&amp;Retry</source>
      <translation>重试(&amp;R)</translation>
    </message>
    <message>
      <source>The database connection was lost. Unsaved edits are kept; retry when the network is back.</source>
      <translation>数据库连接已断开。未保存的修改仍然保留；网络恢复后请点“重试”。</translation>
    </message>
  </context>
  <context>
    <name>CustomerFile</name>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Show the full ID number (recorded in the audit log)</source>
      <translation>显示完整证件号码（将记入审计日志）</translation>
    </message>
    <message>
      <source>Show the full phone number (recorded in the audit log)</source>
      <translation>显示完整手机号码（将记入审计日志）</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <source>Cancel edits</source>
      <translation>放弃修改</translation>
    </message>
    <message>
      <source>&amp;Profile</source>
      <translation>基本资料(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Log contact… (Ctrl+L)</source>
      <translation>记录联系(&amp;L)… (Ctrl+L)</translation>
    </message>
    <message>
      <source>P&amp;rint / PDF…</source>
      <translation>打印 / PDF(&amp;R)…</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>&amp;Family</source>
      <translation>家庭关系(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Assets and holdings</source>
      <translation>资产与持仓(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Contacts</source>
      <translation>联系记录(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Reminders</source>
      <translation>提醒(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Team</source>
      <translation>服务团队(&amp;T)</translation>
    </message>
    <message>
      <source>C&amp;hanges</source>
      <translation>变更记录(&amp;H)</translation>
    </message>
    <message>
      <source>Correct the marked fields first.</source>
      <translation>请先更正标出的字段。</translation>
    </message>
    <message>
      <source>Not saved yet: someone else saved first.</source>
      <translation>尚未保存：他人已先保存。</translation>
    </message>
    <message>
      <source>Unsaved edits</source>
      <translation>未保存的修改</translation>
    </message>
    <message>
      <source>This customer file has unsaved edits. Close it and lose them?</source>
      <translation>该客户档案有未保存的修改。关闭并放弃这些修改吗？</translation>
    </message>
    <message>
      <source>Customer file — %1</source>
      <translation>客户档案 — %1</translation>
    </message>
    <message>
      <source>Not saved: the database is unreachable. Your edits are kept; save again after Retry.</source>
      <translation>未保存：无法连接数据库。您的修改仍然保留；点“重试”后再次保存。</translation>
    </message>
    <message>
      <source>File %1% complete</source>
      <translation>档案完整度 %1%</translation>
    </message>
    <message>
      <source>Primary</source>
      <translation>主办</translation>
    </message>
    <message>
      <source>Secondary</source>
      <translation>协办</translation>
    </message>
    <message>
      <source> — missing: %1</source>
      <translation> — 缺少：%1</translation>
    </message>
    <message>
      <source>Tier: %1</source>
      <translation>等级：%1</translation>
    </message>
    <message>
      <source>Assets: %1 yuan</source>
      <translation>资产：%1 元</translation>
    </message>
    <message>
      <source>Tags: %1</source>
      <translation>标签：%1</translation>
    </message>
  </context>
  <context>
    <name>CustomerFileTabs</name>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险</translation>
    </message>
    <message>
      <source>Amount (yuan)</source>
      <translation>金额（元）</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>起始日</translation>
    </message>
    <message>
      <source>Maturity</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>员工</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Recommended</source>
      <translation>推荐产品</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>跟进</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>事由</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Share</source>
      <translation>分成</translation>
    </message>
    <message>
      <source>From</source>
      <translation>起</translation>
    </message>
    <message>
      <source>To</source>
      <translation>止</translation>
    </message>
    <message>
      <source>Workstation</source>
      <translation>工作站</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Changes</source>
      <translation>变更内容</translation>
    </message>
    <message>
      <source>current</source>
      <translation>至今</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Birth month</source>
      <translation>生日（月）</translation>
    </message>
    <message>
      <source>Birth day</source>
      <translation>生日（日）</translation>
    </message>
    <message>
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>ID type</source>
      <translation>证件类型</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Mobile</source>
      <translation>手机</translation>
    </message>
    <message>
      <source>Other phones</source>
      <translation>其他电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Occupation</source>
      <translation>职业</translation>
    </message>
    <message>
      <source>Employer</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Risk level</source>
      <translation>风险等级</translation>
    </message>
    <message>
      <source>Risk assessed on</source>
      <translation>风险评估日期</translation>
    </message>
    <message>
      <source>Risk assessment expires</source>
      <translation>风险评估到期</translation>
    </message>
    <message>
      <source>Marketing consent</source>
      <translation>同意营销</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Primary manager</source>
      <translation>主办客户经理</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>跟进</translation>
    </message>
    <message>
      <source>Maturity</source>
      <translation>产品到期</translation>
    </message>
    <message>
      <source>Tier up</source>
      <translation>等级提升</translation>
    </message>
    <message>
      <source>Tier down</source>
      <translation>等级下降</translation>
    </message>
    <message>
      <source>Large transaction</source>
      <translation>大额交易</translation>
    </message>
    <message>
      <source>Dormant</source>
      <translation>休眠</translation>
    </message>
    <message>
      <source>Account change</source>
      <translation>账户变动</translation>
    </message>
    <message>
      <source>Risk assessment expiry</source>
      <translation>风险评估到期</translation>
    </message>
    <message>
      <source>Suitability</source>
      <translation>适当性</translation>
    </message>
    <message>
      <source>Handover</source>
      <translation>移交</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Branch visit</source>
      <translation>到店</translation>
    </message>
    <message>
      <source>Phone call</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Home visit</source>
      <translation>上门拜访</translation>
    </message>
    <message>
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>短信</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>Male</source>
      <translation>男</translation>
    </message>
    <message>
      <source>Female</source>
      <translation>女</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>正常</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已销户</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>已推迟</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Dismissed</source>
      <translation>已忽略</translation>
    </message>
    <message>
      <source>Resident ID card</source>
      <translation>居民身份证</translation>
    </message>
    <message>
      <source>Passport</source>
      <translation>护照</translation>
    </message>
    <message>
      <source>Hong Kong/Macao permit</source>
      <translation>港澳通行证</translation>
    </message>
    <message>
      <source>Taiwan permit</source>
      <translation>台湾通行证</translation>
    </message>
    <message>
      <source>Foreign permanent residence</source>
      <translation>外国人永久居留证</translation>
    </message>
    <message>
      <source>Primary</source>
      <translation>主办</translation>
    </message>
    <message>
      <source>Secondary</source>
      <translation>协办</translation>
    </message>
    <message>
      <source>Spouse</source>
      <translation>配偶</translation>
    </message>
    <message>
      <source>Parent</source>
      <translation>父母</translation>
    </message>
    <message>
      <source>Child</source>
      <translation>子女</translation>
    </message>
    <message>
      <source>Sibling</source>
      <translation>兄弟姐妹</translation>
    </message>
    <message>
      <source>Matured</source>
      <translation>已到期</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>Full value shown</source>
      <translation>查看完整信息</translation>
    </message>
    <message>
      <source>Opened for editing</source>
      <translation>打开编辑</translation>
    </message>
    <message>
      <source>Entered by hand</source>
      <translation>手工录入</translation>
    </message>
    <message>
      <source>Demand deposit</source>
      <translation>活期存款</translation>
    </message>
    <message>
      <source>Time deposit</source>
      <translation>定期存款</translation>
    </message>
    <message>
      <source>Wealth management</source>
      <translation>理财</translation>
    </message>
    <message>
      <source>Fund</source>
      <translation>基金</translation>
    </message>
    <message>
      <source>Insurance</source>
      <translation>保险</translation>
    </message>
    <message>
      <source>Precious metal</source>
      <translation>贵金属</translation>
    </message>
    <message>
      <source>Bond</source>
      <translation>国债</translation>
    </message>
    <message>
      <source>Loan</source>
      <translation>贷款</translation>
    </message>
    <message>
      <source>Held</source>
      <translation>持有中</translation>
    </message>
    <message>
      <source>Closed out</source>
      <translation>已结清</translation>
    </message>
    <message>
      <source>Redeemed</source>
      <translation>已赎回</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>No</source>
      <translation>否</translation>
    </message>
  </context>
  <context>
    <name>LockDialog</name>
    <message>
      <source>BranchCRM — Locked</source>
      <translation>BranchCRM — 已锁定</translation>
    </message>
    <message>
      <source>This workstation is locked</source>
      <translation>本工作站已锁定</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>&amp;Unlock</source>
      <translation>解锁(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;Sign out / switch user</source>
      <translation>退出登录 / 切换用户(&amp;S)</translation>
    </message>
    <message>
      <source>Wrong password.</source>
      <translation>密码错误。</translation>
    </message>
    <message>
      <source>Cannot reach the database to check the password.</source>
      <translation>无法连接数据库以验证密码。</translation>
    </message>
    <message>
      <source>Signed in: %1 (%2)</source>
      <translation>当前用户：%1（%2）</translation>
    </message>
  </context>
  <context>
    <name>LogContactDialog</name>
    <message>
      <source>Log contact</source>
      <translation>记录联系</translation>
    </message>
    <message>
      <source>Find the customer: name, pinyin, phone…</source>
      <translation>查找客户：姓名、拼音、电话…</translation>
    </message>
    <message>
      <source>Follow up on</source>
      <translation>跟进日期</translation>
    </message>
    <message>
      <source>not asked</source>
      <translation>未询问</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>&amp;Find</source>
      <translation>查找(&amp;F)</translation>
    </message>
    <message>
      <source>C&amp;hannel</source>
      <translation>渠道(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Summary *</source>
      <translation>摘要(&amp;S) *</translation>
    </message>
    <message>
      <source>&amp;Needs found</source>
      <translation>发现需求(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Products recommended</source>
      <translation>推荐产品(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Outcome</source>
      <translation>结果(&amp;O)</translation>
    </message>
    <message>
      <source>Next follow-up</source>
      <translation>下次跟进</translation>
    </message>
    <message>
      <source>Sa&amp;tisfaction</source>
      <translation>满意度(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>(none chosen: search below)</source>
      <translation>（未选择：请在下方搜索）</translation>
    </message>
    <message>
      <source>Choose the customer first.</source>
      <translation>请先选择客户。</translation>
    </message>
    <message>
      <source>Say briefly what happened.</source>
      <translation>请简要说明联系内容。</translation>
    </message>
    <message>
      <source>Not saved: the database is unreachable. Retry later; what you typed is kept.</source>
      <translation>未保存：无法连接数据库。请稍后重试；已输入的内容会保留。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Branch customers</source>
      <translation>网点客户</translation>
    </message>
    <message>
      <source>My customers</source>
      <translation>我的客户</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今日工作台</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;New customer…</source>
      <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
      <source>&amp;Print…</source>
      <translation>打印(&amp;P)…</translation>
    </message>
    <message>
      <source>&amp;Customer</source>
      <translation>客户(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Log contact…</source>
      <translation>记录联系(&amp;L)…</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>快捷键</translation>
    </message>
    <message>
      <source>Connected again.</source>
      <translation>已重新连接。</translation>
    </message>
    <message>
      <source>Save as P&amp;DF…</source>
      <translation>另存为 PDF(&amp;D)…</translation>
    </message>
    <message>
      <source>&amp;Export portfolio to Excel…</source>
      <translation>导出客户列表到 Excel(&amp;E)…</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <source>&amp;Lock</source>
      <translation>锁定(&amp;L)</translation>
    </message>
    <message>
      <source>Sign &amp;out / switch user</source>
      <translation>退出登录 / 切换用户(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Find customer</source>
      <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Open customer file</source>
      <translation>打开客户档案(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Today</source>
      <translation>今日工作台(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Portfolio</source>
      <translation>客户列表(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
      <source>Choose a customer to print.</source>
      <translation>请选择要打印的客户。</translation>
    </message>
    <message>
      <source>Log contact</source>
      <translation>记录联系</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>新建客户</translation>
    </message>
    <message>
      <source>Find customer</source>
      <translation>查找客户</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Open customer file</source>
      <translation>打开客户档案</translation>
    </message>
    <message>
      <source>Reminder done</source>
      <translation>提醒完成</translation>
    </message>
    <message>
      <source>Today / Portfolio</source>
      <translation>今日工作台 / 客户列表</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>锁定</translation>
    </message>
    <message>
      <source>Signed in as %1</source>
      <translation>当前用户：%1</translation>
    </message>
    <message>
      <source>BranchCRM — %1 (%2)</source>
      <translation>BranchCRM 网点客户管理 — %1（%2）</translation>
    </message>
  </context>
  <context>
    <name>NewCustomerDialog</name>
    <message>
      <source>same ID number</source>
      <translation>证件号码相同</translation>
    </message>
    <message>
      <source>same phone</source>
      <translation>电话相同</translation>
    </message>
    <message>
      <source>same name and phone tail</source>
      <translation>姓名相同且电话尾号相同</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>新建客户</translation>
    </message>
    <message>
      <source>11-digit mobile</source>
      <translation>11 位手机号</translation>
    </message>
    <message>
      <source>optional</source>
      <translation>选填</translation>
    </message>
    <message>
      <source>not assessed</source>
      <translation>未评估</translation>
    </message>
    <message>
      <source>&amp;Name *</source>
      <translation>姓名(&amp;N) *</translation>
    </message>
    <message>
      <source>&amp;Mobile *</source>
      <translation>手机(&amp;M) *</translation>
    </message>
    <message>
      <source>&amp;ID number</source>
      <translation>证件号码(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Occupation</source>
      <translation>职业(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Address</source>
      <translation>地址(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Risk level</source>
      <translation>风险等级(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Create</source>
      <translation>创建(&amp;C)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>&amp;Primary manager</source>
      <translation>主办客户经理(&amp;P)</translation>
    </message>
    <message>
      <source>a phone number is required</source>
      <translation>必须填写电话号码</translation>
    </message>
    <message>
      <source>choose the customer manager who will serve them</source>
      <translation>请选择为其服务的客户经理</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— 请选择 —</translation>
    </message>
    <message>
      <source>All key facts entered.</source>
      <translation>关键信息已全部填写。</translation>
    </message>
    <message>
      <source>Possible duplicate: this customer may already have a file. Double-click to open it.</source>
      <translation>可能重复：该客户可能已有档案。双击可打开。</translation>
    </message>
    <message>
      <source>Still missing: %1</source>
      <translation>尚缺：%1</translation>
    </message>
  </context>
  <context>
    <name>PortfolioModel</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Assets (yuan)</source>
      <translation>资产（元）</translation>
    </message>
    <message>
      <source>Primary manager</source>
      <translation>主办客户经理</translation>
    </message>
    <message>
      <source>Secondary manager</source>
      <translation>协办客户经理</translation>
    </message>
    <message>
      <source>Last contact</source>
      <translation>最近联系</translation>
    </message>
    <message>
      <source>Next reminder</source>
      <translation>下次提醒</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Complete %</source>
      <translation>完整度 %</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险</translation>
    </message>
  </context>
  <context>
    <name>PortfolioPage</name>
    <message>
      <source>Assets (yuan)</source>
      <translation>资产（元）</translation>
    </message>
    <message>
      <source>Search name, pinyin, initials, phone or ID fragment (Ctrl+F)</source>
      <translation>搜索姓名、拼音、首字母、电话或证件号片段（Ctrl+F）</translation>
    </message>
    <message>
      <source>My customers</source>
      <translation>我的客户</translation>
    </message>
    <message>
      <source>All tiers</source>
      <translation>全部等级</translation>
    </message>
    <message>
      <source>All managers</source>
      <translation>全部客户经理</translation>
    </message>
    <message>
      <source>All tags</source>
      <translation>全部标签</translation>
    </message>
    <message>
      <source>All risk levels</source>
      <translation>全部风险等级</translation>
    </message>
    <message>
      <source>Any</source>
      <translation>不限</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Not contacted for at least this many days</source>
      <translation>至少这么多天未联系</translation>
    </message>
    <message>
      <source>Files at most this complete</source>
      <translation>档案完整度不超过</translation>
    </message>
    <message>
      <source>&amp;Export to Excel…</source>
      <translation>导出到 Excel(&amp;E)…</translation>
    </message>
    <message>
      <source>&amp;Open file</source>
      <translation>打开档案(&amp;O)</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Export to Excel</source>
      <translation>导出到 Excel</translation>
    </message>
    <message>
      <source>Branch customers</source>
      <translation>网点客户</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>客户经理</translation>
    </message>
    <message>
      <source>Tag</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>风险</translation>
    </message>
    <message>
      <source>No contact for</source>
      <translation>未联系</translation>
    </message>
    <message>
      <source>Completeness ≤</source>
      <translation>完整度 ≤</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
      <source>%1 customers</source>
      <translation>共 %1 位客户</translation>
    </message>
    <message>
      <source>Export cancelled</source>
      <translation>导出已取消</translation>
    </message>
    <message>
      <source>Export failed: %1</source>
      <translation>导出失败：%1</translation>
    </message>
    <message>
      <source>Exported %1 rows to %2</source>
      <translation>已导出 %1 行到 %2</translation>
    </message>
  </context>
  <context>
    <name>Printing</name>
    <message>
      <source>Save as PDF</source>
      <translation>另存为 PDF</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Assets (yuan)</source>
      <translation>资产（元）</translation>
    </message>
    <message>
      <source>Primary manager</source>
      <translation>主办客户经理</translation>
    </message>
    <message>
      <source>Secondary manager</source>
      <translation>协办客户经理</translation>
    </message>
    <message>
      <source>Printed %1</source>
      <translation>打印时间 %1</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>事由</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Visit list for %1 — %2</source>
      <translation>%1 的拜访清单 — %2</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <source>Open reminders</source>
      <translation>待办提醒</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <source>Amount (yuan)</source>
      <translation>金额（元）</translation>
    </message>
    <message>
      <source>Maturity</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>Recent contacts</source>
      <translation>最近联系</translation>
    </message>
    <message>
      <source>Customer profile</source>
      <translation>客户资料</translation>
    </message>
    <message>
      <source>Holdings</source>
      <translation>持仓</translation>
    </message>
  </context>
  <context>
    <name>ProfileForm</name>
    <message>
      <source>or month</source>
      <translation>或 月</translation>
    </message>
    <message>
      <source>day</source>
      <translation>日</translation>
    </message>
    <message>
      <source>Agrees to receive offers</source>
      <translation>同意接收产品推介</translation>
    </message>
    <message>
      <source>comma-separated</source>
      <translation>用逗号分隔</translation>
    </message>
  </context>
  <context>
    <name>ServiceMessages</name>
    <message>
      <source>a name is required</source>
      <translation>必须填写姓名</translation>
    </message>
    <message>
      <source>not a date (use YYYY-MM-DD)</source>
      <translation>不是有效日期（格式 YYYY-MM-DD）</translation>
    </message>
    <message>
      <source>must be M or F</source>
      <translation>只能是男或女</translation>
    </message>
    <message>
      <source>must be one of C1-C5</source>
      <translation>只能是 C1-C5 之一</translation>
    </message>
    <message>
      <source>must be between 1 and</source>
      <translation>必须在 1 到以下数值之间：</translation>
    </message>
    <message>
      <source>disagrees with the ID number's birth date</source>
      <translation>与证件号码中的出生日期不符</translation>
    </message>
    <message>
      <source>disagrees with the ID number</source>
      <translation>与证件号码不符</translation>
    </message>
    <message>
      <source>is in the future</source>
      <translation>晚于今天</translation>
    </message>
    <message>
      <source>is not a day of the year</source>
      <translation>不是有效的日期</translation>
    </message>
    <message>
      <source>longer than</source>
      <translation>超过长度上限</translation>
    </message>
    <message>
      <source>another customer already has this ID number</source>
      <translation>已有其他客户使用该证件号码</translation>
    </message>
    <message>
      <source>lobby staff may only correct contact details</source>
      <translation>大堂经理只能更正联系方式</translation>
    </message>
    <message>
      <source>choose the customer manager who will serve them</source>
      <translation>请选择为其服务的客户经理</translation>
    </message>
    <message>
      <source>say briefly what happened</source>
      <translation>请简要说明联系内容</translation>
    </message>
    <message>
      <source>is before the contact itself</source>
      <translation>早于本次联系日期</translation>
    </message>
    <message>
      <source>must be 1 to 5</source>
      <translation>必须是 1 到 5</translation>
    </message>
    <message>
      <source>snooze until a later day</source>
      <translation>请推迟到以后的日期</translation>
    </message>
    <message>
      <source>ID number has an impossible birth date</source>
      <translation>证件号码中的出生日期不存在</translation>
    </message>
    <message>
      <source>a 15-digit ID must be 15 digits</source>
      <translation>15 位身份证号必须是 15 位数字</translation>
    </message>
    <message>
      <source>check digit fails</source>
      <translation>校验位错误</translation>
    </message>
    <message>
      <source>not a phone number</source>
      <translation>不是电话号码</translation>
    </message>
    <message>
      <source>not a valid Chinese phone number</source>
      <translation>不是有效的中国电话号码</translation>
    </message>
    <message>
      <source>not an 18-digit resident ID</source>
      <translation>不是 18 位居民身份证号码</translation>
    </message>
    <message>
      <source>phone has characters other than digits</source>
      <translation>电话号码含有非数字字符</translation>
    </message>
    <message>
      <source>phone is masked</source>
      <translation>电话号码是脱敏显示的</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>SQLite file on this computer</source>
      <translation>本机 SQLite 文件</translation>
    </message>
    <message>
      <source>Shared PostgreSQL server</source>
      <translation>共享 PostgreSQL 服务器</translation>
    </message>
    <message>
      <source>file path, or postgresql://user@host/branchcrm</source>
      <translation>文件路径，或 postgresql://用户@主机/branchcrm</translation>
    </message>
    <message>
      <source>&amp;Browse…</source>
      <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
      <source>&amp;Test connection</source>
      <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>&amp;Database</source>
      <translation>数据库(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Address</source>
      <translation>地址(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Lock after idle</source>
      <translation>空闲后锁定(&amp;L)</translation>
    </message>
    <message>
      <source>Database and language changes take effect at the next start. SQLite files must not live on a network share; a branch shared by several workstations needs PostgreSQL.</source>
      <translation>数据库和语言的更改在下次启动时生效。SQLite 文件不能放在网络共享盘上；多台工作站共用的网点数据库请使用 PostgreSQL。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Database file</source>
      <translation>数据库文件</translation>
    </message>
    <message>
      <source>SQLite (*.sqlite3 *.db)</source>
      <translation>SQLite 数据库 (*.sqlite3 *.db)</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <source>Connected: %1</source>
      <translation>连接成功：%1</translation>
    </message>
    <message>
      <source>Failed: %1</source>
      <translation>连接失败：%1</translation>
    </message>
  </context>
  <context>
    <name>SignInDialog</name>
    <message>
      <source>Wrong login or password.</source>
      <translation>用户名或密码错误。</translation>
    </message>
    <message>
      <source>This account is no longer active.</source>
      <translation>该账户已停用。</translation>
    </message>
    <message>
      <source>Account locked after repeated failed sign-ins; try again later.</source>
      <translation>多次登录失败，账户已被锁定；请稍后再试。</translation>
    </message>
    <message>
      <source>BranchCRM — Sign in</source>
      <translation>BranchCRM — 登录</translation>
    </message>
    <message>
      <source>Customer relationship workstation</source>
      <translation>网点客户关系工作台</translation>
    </message>
    <message>
      <source>&amp;Login:</source>
      <translation>用户名(&amp;L)：</translation>
    </message>
    <message>
      <source>&amp;Password:</source>
      <translation>密码(&amp;P)：</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Enter your login and password.</source>
      <translation>请输入用户名和密码。</translation>
    </message>
    <message>
      <source>Version %1</source>
      <translation>版本 %1</translation>
    </message>
    <message>
      <source>Cannot reach the database. Check the network and retry.</source>
      <translation>无法连接数据库。请检查网络后重试。</translation>
    </message>
  </context>
  <context>
    <name>TodayPage</name>
    <message>
      <source>Due</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>事由</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>&amp;Done</source>
      <translation>完成(&amp;D)</translation>
    </message>
    <message>
      <source>Mark the selected reminder done (Ctrl+D)</source>
      <translation>将选中的提醒标记为完成（Ctrl+D）</translation>
    </message>
    <message>
      <source>&amp;Snooze</source>
      <translation>推迟(&amp;S)</translation>
    </message>
    <message>
      <source>D&amp;ismiss</source>
      <translation>忽略(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Open customer (Enter)</source>
      <translation>打开客户(&amp;O)（回车）</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>Until tomorrow</source>
      <translation>推迟到明天</translation>
    </message>
    <message>
      <source>For 3 days</source>
      <translation>推迟 3 天</translation>
    </message>
    <message>
      <source>For a week</source>
      <translation>推迟一周</translation>
    </message>
    <message>
      <source>Today's work — %1</source>
      <translation>今日工作台 — %1</translation>
    </message>
    <message>
      <source>Someone else changed this reminder; reloaded.</source>
      <translation>他人已修改该提醒，已重新加载。</translation>
    </message>
    <message>
      <source>%1 open, %2 overdue</source>
      <translation>待办 %1 项，逾期 %2 项</translation>
    </message>
  </context>
  <context>
    <name>Workstation</name>
    <message>
      <source>Sign out</source>
      <translation>退出登录</translation>
    </message>
    <message>
      <source>Save or discard the open edits first.</source>
      <translation>请先保存或放弃未完成的修改。</translation>
    </message>
  </context>
</TS>
