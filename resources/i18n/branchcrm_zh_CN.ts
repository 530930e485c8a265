<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>Application</name>
    <message>
      <source>Database on a network share</source>
      <translation>数据库位于网络共享盘</translation>
    </message>
    <message>
      <source>Upgrade the database?</source>
      <translation>升级数据库？</translation>
    </message>
    <message>
      <source>BranchCRM cannot start</source>
      <translation>BranchCRM 无法启动</translation>
    </message>
    <message>
      <source>This database has no staff accounts yet. Add the first administrator with: branchcrm staff add LOGIN --name NAME --role admin</source>
      <translation>该数据库还没有员工账户。请先用以下命令添加第一位管理员：branchcrm staff add 登录名 --name 姓名 --role admin</translation>
    </message>
    <message>
      <source>%1

Upgrade it now? An SQLite file is backed up first.</source>
      <translation>%1

现在升级吗？SQLite 文件会先行备份。</translation>
    </message>
    <message>
      <source>Cannot open the database: %1</source>
      <translation>无法打开数据库：%1</translation>
    </message>
  </context>
  <context>
    <name>AssetsTab</name>
    <message>
      <source>Demand deposits</source>
      <translation>活期存款</translation>
    </message>
    <message>
      <source>Time deposits</source>
      <translation>定期存款</translation>
    </message>
    <message>
      <source>Wealth management</source>
      <translation>理财</translation>
    </message>
    <message>
      <source>Funds</source>
      <translation>基金</translation>
    </message>
    <message>
      <source>Insurance</source>
      <translation>保险</translation>
    </message>
    <message>
      <source>Precious metals</source>
      <translation>贵金属</translation>
    </message>
    <message>
      <source>Bonds</source>
      <translation>国债</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>No balances delivered yet</source>
      <translation>暂无余额数据</translation>
    </message>
    <message>
      <source>No balances for this month</source>
      <translation>本月无余额数据</translation>
    </message>
    <message>
      <source>Assets, month daily-average (24 months)</source>
      <translation>资产月日均（近 24 个月）</translation>
    </message>
    <message>
      <source>Structure by category</source>
      <translation>资产结构（按类别）</translation>
    </message>
    <message>
      <source>Month daily-average: —</source>
      <translation>月日均：—</translation>
    </message>
    <message>
      <source>Quarter daily-average: —</source>
      <translation>季日均：—</translation>
    </message>
    <message>
      <source>Over the days of %1</source>
      <translation>按 %1 的每日余额计算</translation>
    </message>
    <message>
      <source>Month daily-average %1: %2 yuan</source>
      <translation>月日均（%1）：%2 元</translation>
    </message>
    <message>
      <source>Quarter daily-average %1: %2 yuan</source>
      <translation>季日均（%1）：%2 元</translation>
    </message>
    <message>
      <source>Since %1: %2 (%3)</source>
      <translation>较 %1：%2（%3）</translation>
    </message>
  </context>
  <context>
    <name>ChiefsPage</name>
    <message>
      <source>Chief</source>
      <translation>首席客户经理</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户数</translation>
    </message>
    <message>
      <source>Baseline</source>
      <translation>基期</translation>
    </message>
    <message>
      <source>End</source>
      <translation>期末</translation>
    </message>
    <message>
      <source>Growth</source>
      <translation>增长</translation>
    </message>
    <message>
      <source>Growth %</source>
      <translation>增幅 %</translation>
    </message>
    <message>
      <source>Satisfaction before → after</source>
      <translation>满意度（之前 → 之后）</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>变化</translation>
    </message>
    <message>
      <source>&amp;Period:</source>
      <translation>统计期间(&amp;P)：</translation>
    </message>
    <message>
      <source>&amp;Export .xlsx…</source>
      <translation>导出 .xlsx(&amp;E)…</translation>
    </message>
    <message>
      <source>Assets of each chief's customers: baseline and end</source>
      <translation>各首席客户经理名下客户资产：基期与期末</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <source>No chief customer manager served key customers in %1; choose another period</source>
      <translation>%1 期间没有首席客户经理服务重点客户，请选择其他期间</translation>
    </message>
    <message>
      <source>Publish chief scoreboard</source>
      <translation>发布首席客户经理业绩榜</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>%1 chief(s) · %2</source>
      <translation>首席客户经理 %1 位 · %2</translation>
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
      <source>A&amp;UM trend</source>
      <translation>资产走势(&amp;U)</translation>
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
      <source>&amp;Add relation…</source>
      <translation>添加亲属关系(&amp;A)…</translation>
    </message>
    <message>
      <source>Re&amp;move relation</source>
      <translation>删除关系(&amp;M)</translation>
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
      <source>Double-click a relative to open their file.</source>
      <translation>双击亲属可打开其客户档案。</translation>
    </message>
    <message>
      <source>Remove relation</source>
      <translation>删除关系</translation>
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
      <source>Remove %1 (%2) from this customer's family?</source>
      <translation>从该客户的家庭关系中删除 %1（%2）？</translation>
    </message>
    <message>
      <source>File %1% complete</source>
      <translation>档案完整度 %1%</translation>
    </message>
    <message>
      <source>Primary: %1</source>
      <translation>主办：%1</translation>
    </message>
    <message>
      <source>Secondary: %1</source>
      <translation>协办：%1</translation>
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
      <source>current</source>
      <translation>至今</translation>
    </message>
  </context>
  <context>
    <name>DashboardPage</name>
    <message>
      <source>No balances for this period</source>
      <translation>本期无余额数据</translation>
    </message>
    <message>
      <source>Double-click a figure (or press Enter) to see the customers behind it</source>
      <translation>双击某个数字（或按回车）可查看其对应的客户</translation>
    </message>
    <message>
      <source>Team: %1</source>
      <translation>团队：%1</translation>
    </message>
    <message>
      <source>Manager or team</source>
      <translation>客户经理或团队</translation>
    </message>
    <message>
      <source>All tiers</source>
      <translation>全部等级</translation>
    </message>
    <message>
      <source>&amp;Period:</source>
      <translation>统计期间(&amp;P)：</translation>
    </message>
    <message>
      <source>Contact coverage: the share of customers contacted within this many days</source>
      <translation>联系覆盖率：在此天数内联系过的客户所占比例</translation>
    </message>
    <message>
      <source>C&amp;ontacted within:</source>
      <translation>联系时限(&amp;O)：</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <source>Branch assets (month daily-average)</source>
      <translation>网点资产（月日均）</translation>
    </message>
    <message>
      <source>Customers by tier</source>
      <translation>各等级客户数</translation>
    </message>
    <message>
      <source>Assets by tier</source>
      <translation>各等级资产</translation>
    </message>
    <message>
      <source>Contacted/customers per tier; double-click to see who was not contacted</source>
      <translation>各等级已联系/客户数；双击查看未联系的客户</translation>
    </message>
    <message>
      <source>Contact coverage by tier (branch, %)</source>
      <translation>各等级联系覆盖率（全网点，%）</translation>
    </message>
    <message>
      <source>Click a bar to see the branch's customers of that tier not contacted</source>
      <translation>点击柱形，查看全网点该等级未联系的客户</translation>
    </message>
    <message>
      <source>Average satisfaction (1–5) per manager</source>
      <translation>各客户经理平均满意度（1–5）</translation>
    </message>
    <message>
      <source>&amp;Managers</source>
      <translation>客户经理(&amp;M)</translation>
    </message>
    <message>
      <source>&amp;Teams</source>
      <translation>团队(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Coverage by tier</source>
      <translation>分等级覆盖率(&amp;C)</translation>
    </message>
    <message>
      <source>Tier &amp;migration</source>
      <translation>等级迁移(&amp;M)</translation>
    </message>
    <message>
      <source>&amp;Satisfaction</source>
      <translation>满意度(&amp;S)</translation>
    </message>
    <message>
      <source>Re&amp;ferrals</source>
      <translation>转介绍(&amp;F)</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <source>potential customers scored just now (as of %1) and stored</source>
      <translation>潜力客户已即时评分（截至 %1）并保存</translation>
    </message>
    <message>
      <source>potential customers as of %1</source>
      <translation>潜力客户（截至 %1）</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户数</translation>
    </message>
    <message>
      <source>Assets</source>
      <translation>资产</translation>
    </message>
    <message>
      <source>Growth</source>
      <translation>增长</translation>
    </message>
    <message>
      <source>Growth credited</source>
      <translation>认定增长</translation>
    </message>
    <message>
      <source>Contact coverage</source>
      <translation>联系覆盖率</translation>
    </message>
    <message>
      <source>Completeness</source>
      <translation>完整度</translation>
    </message>
    <message>
      <source>Reminders on time</source>
      <translation>提醒按时处理</translation>
    </message>
    <message>
      <source>Contacts logged</source>
      <translation>联系记录数</translation>
    </message>
    <message>
      <source>System use</source>
      <translation>系统使用</translation>
    </message>
    <message>
      <source>Potential found</source>
      <translation>发现潜力客户</translation>
    </message>
    <message>
      <source>Converted</source>
      <translation>已转化</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>客户经理</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>团队</translation>
    </message>
    <message>
      <source>counting potential customers…</source>
      <translation>正在统计潜力客户…</translation>
    </message>
    <message>
      <source>Unrated</source>
      <translation>未定级</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>员工</translation>
    </message>
    <message>
      <source>not contacted within %1 days</source>
      <translation>%1 天内未联系</translation>
    </message>
    <message>
      <source>to %1</source>
      <translation>迁至 %1</translation>
    </message>
    <message>
      <source>from %1</source>
      <translation>原 %1</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Customers referred</source>
      <translation>转介绍客户数</translation>
    </message>
    <message>
      <source>Customers in %1</source>
      <translation>%1客户</translation>
    </message>
    <message>
      <source>Assets in %1, largest first</source>
      <translation>%1 资产（从高到低）</translation>
    </message>
    <message>
      <source>%1 days</source>
      <translation>%1 天</translation>
    </message>
    <message>
      <source>Imported surveys</source>
      <translation>导入的问卷</translation>
    </message>
    <message>
      <source>%1 · %2 active customers · %3 managers</source>
      <translation>%1 · 正常客户 %2 位 · 客户经理 %3 位</translation>
    </message>
    <message>
      <source>%1 → %2: %3 customer(s)</source>
      <translation>%1 → %2：%3 位客户</translation>
    </message>
    <message>
      <source>%1 contacts · %2 files · %3 reminders</source>
      <translation>联系 %1 次 · 档案 %2 份 · 提醒 %3 条</translation>
    </message>
  </context>
  <context>
    <name>HandoverDialog</name>
    <message>
      <source>Secondary promoted</source>
      <translation>协办转主办</translation>
    </message>
    <message>
      <source>Distributed</source>
      <translation>重新分配</translation>
    </message>
    <message>
      <source>Secondary role ended</source>
      <translation>协办关系终止</translation>
    </message>
    <message>
      <source>Customer no</source>
      <translation>客户号</translation>
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
      <source>Assets (yuan)</source>
      <translation>资产（元）</translation>
    </message>
    <message>
      <source>Old primary</source>
      <translation>原主办</translation>
    </message>
    <message>
      <source>New primary</source>
      <translation>新主办</translation>
    </message>
    <message>
      <source>New secondary</source>
      <translation>新协办</translation>
    </message>
    <message>
      <source>How</source>
      <translation>方式</translation>
    </message>
    <message>
      <source>Needs a secondary</source>
      <translation>需补协办</translation>
    </message>
    <message>
      <source>Receiver</source>
      <translation>接收人</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户数</translation>
    </message>
    <message>
      <source>Capacity used</source>
      <translation>容量占用</translation>
    </message>
    <message>
      <source>Assets</source>
      <translation>资产</translation>
    </message>
    <message>
      <source>Staff departure handover</source>
      <translation>员工离岗交接</translation>
    </message>
    <message>
      <source>&amp;Transferred to another post (not leaving the bank)</source>
      <translation>调往其他岗位（不离开本行）(&amp;T)</translation>
    </message>
    <message>
      <source>Customers without a usable secondary are shared among the ticked managers</source>
      <translation>没有可接手的协办客户经理的客户，将在勾选的客户经理之间分配</translation>
    </message>
    <message>
      <source>&amp;Preview plan</source>
      <translation>预览方案(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Confirm handover…</source>
      <translation>确认交接(&amp;C)…</translation>
    </message>
    <message>
      <source>Save &amp;report .xlsx…</source>
      <translation>保存报告 .xlsx(&amp;R)…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>&amp;Leaving:</source>
      <translation>离岗人员(&amp;L)：</translation>
    </message>
    <message>
      <source>R&amp;eceivers:</source>
      <translation>接收人(&amp;E)：</translation>
    </message>
    <message>
      <source>Choose who is leaving, then preview the plan.</source>
      <translation>请选择离岗人员，然后预览交接方案。</translation>
    </message>
    <message>
      <source>Receivers' customers, before and after</source>
      <translation>接收人的客户数（交接前后）</translation>
    </message>
    <message>
      <source>Plan (nothing changed yet):</source>
      <translation>方案（尚未做任何变更）：</translation>
    </message>
    <message>
      <source>Working out the plan…</source>
      <translation>正在生成方案…</translation>
    </message>
    <message>
      <source>Handing over…</source>
      <translation>正在交接…</translation>
    </message>
    <message>
      <source>Confirm handover</source>
      <translation>确认交接</translation>
    </message>
    <message>
      <source>Save handover report</source>
      <translation>保存交接报告</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>交接前</translation>
    </message>
    <message>
      <source>After</source>
      <translation>交接后</translation>
    </message>
    <message>
      <source>Handover done (batch %1).</source>
      <translation>交接已完成（批次 %1）。</translation>
    </message>
    <message>
      <source>Report saved: %1</source>
      <translation>报告已保存：%1</translation>
    </message>
    <message>
      <source>%1 (%2) — %3 customers</source>
      <translation>%1（%2）— %3 位客户</translation>
    </message>
    <message>
      <source>Hand over all %1 customers of %2 and mark them as %3? This is done all at once.</source>
      <translation>交接 %2 名下全部 %1 位客户，并将 %2 标记为“%3”吗？此操作一次性完成。</translation>
    </message>
    <message>
      <source>%1 (%2): %3 of %4</source>
      <translation>%1（%2）：%3 / %4</translation>
    </message>
    <message>
      <source>%1 %2 customers: %3 go to their secondary, %4 are distributed, %5 secondary roles end; %6 reminders move; %7 contact tasks; %8 need a new secondary.</source>
      <translation>%1共 %2 位客户：%3 位由协办客户经理接任主办，%4 位重新分配，%5 个协办关系终止；转移提醒 %6 条；联系任务 %7 项；%8 位需补配协办客户经理。</translation>
    </message>
  </context>
  <context>
    <name>ImportMessages</name>
    <message>
      <source>assets</source>
      <translation>资产</translation>
    </message>
    <message>
      <source>visit date</source>
      <translation>拜访日期</translation>
    </message>
    <message>
      <source>product</source>
      <translation>产品</translation>
    </message>
    <message>
      <source>amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>sequence number</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>[name_missing] no name</source>
      <translation>没有姓名</translation>
    </message>
    <message>
      <source>[name_note] a note was moved out of the name</source>
      <translation>姓名中的备注已移出</translation>
    </message>
    <message>
      <source>[name_spaces] spaces inside the name removed</source>
      <translation>已去掉姓名中间的空格</translation>
    </message>
    <message>
      <source>[name_multiple] more than one person in the name cell</source>
      <translation>姓名栏填了不止一个人</translation>
    </message>
    <message>
      <source>[name_suspect] does not look like a name</source>
      <translation>看起来不像姓名</translation>
    </message>
    <message>
      <source>[name_differs] same ID as another row but another name</source>
      <translation>与另一行身份证号码相同，但姓名不同</translation>
    </message>
    <message>
      <source>[date_invalid] not a date</source>
      <translation>不是日期</translation>
    </message>
    <message>
      <source>[date_serial] a number was read as an Excel date</source>
      <translation>数字已按 Excel 日期读取</translation>
    </message>
    <message>
      <source>[date_no_year] date has no year</source>
      <translation>日期没有年份</translation>
    </message>
    <message>
      <source>[date_interpreted] date interpreted</source>
      <translation>日期已按推断读取</translation>
    </message>
    <message>
      <source>[date_two_digit_year] two-digit year is ambiguous</source>
      <translation>两位数年份无法确定世纪</translation>
    </message>
    <message>
      <source>[date_ambiguous] day and month are ambiguous</source>
      <translation>无法确定日和月的顺序</translation>
    </message>
    <message>
      <source>[date_no_day] date has no day of the month</source>
      <translation>日期只有年月，没有具体日期</translation>
    </message>
    <message>
      <source>[date_implausible] date is not plausible</source>
      <translation>日期不合常理</translation>
    </message>
    <message>
      <source>[date_missing] date missing</source>
      <translation>缺少日期</translation>
    </message>
    <message>
      <source>[time_invalid] not a time of day</source>
      <translation>不是有效的时间</translation>
    </message>
    <message>
      <source>[period_missing] period missing</source>
      <translation>缺少所属期间</translation>
    </message>
    <message>
      <source>[birthday_mismatch] birthday disagrees with the ID</source>
      <translation>生日与身份证号码不符</translation>
    </message>
    <message>
      <source>[phone_number_cell] phone was stored as a number</source>
      <translation>电话号码被存成了数字格式</translation>
    </message>
    <message>
      <source>[phone_invalid] not a phone number</source>
      <translation>不是电话号码</translation>
    </message>
    <message>
      <source>[phone_destroyed] phone digits were lost</source>
      <translation>电话号码部分数字已丢失</translation>
    </message>
    <message>
      <source>[phone_multiple] more than one phone in one cell</source>
      <translation>一个单元格里有多个电话号码</translation>
    </message>
    <message>
      <source>[phone_no_area_code] landline without area code</source>
      <translation>固定电话缺少区号</translation>
    </message>
    <message>
      <source>[phone_masked] phone is masked</source>
      <translation>电话号码被隐去部分数字</translation>
    </message>
    <message>
      <source>[phone_bad_chars] phone has characters other than digits</source>
      <translation>电话号码中有数字以外的字符</translation>
    </message>
    <message>
      <source>[id_destroyed] ID destroyed by Excel number format</source>
      <translation>身份证号码被 Excel 按数字格式保存，只剩前 15 位有效数字，无法恢复：请按纸质登记本重新录入</translation>
    </message>
    <message>
      <source>[id_bad_format] not a resident ID number</source>
      <translation>不是有效的居民身份证号码</translation>
    </message>
    <message>
      <source>[id_other_document] not a resident ID</source>
      <translation>不是居民身份证号码；证件类型须人工选择</translation>
    </message>
    <message>
      <source>[id_upgraded] 15-digit ID upgraded to 18 digits</source>
      <translation>15 位身份证号码已升位为 18 位</translation>
    </message>
    <message>
      <source>[id_cleaned] ID number tidied</source>
      <translation>身份证号码格式已整理</translation>
    </message>
    <message>
      <source>[id_bad_date] ID number has an impossible birth date</source>
      <translation>身份证号码中的出生日期不存在</translation>
    </message>
    <message>
      <source>[id_bad_check] ID check digit fails</source>
      <translation>身份证号码校验位不对</translation>
    </message>
    <message>
      <source>[id_number_number] ID number stored as a number</source>
      <translation>证件号码被存成数字，末几位已丢失</translation>
    </message>
    <message>
      <source>[amount_invalid] not an amount</source>
      <translation>不是金额</translation>
    </message>
    <message>
      <source>[amount_range] amount is a range</source>
      <translation>金额是一个范围</translation>
    </message>
    <message>
      <source>[amount_approximate] amount is approximate</source>
      <translation>金额是约数，请核实准确金额</translation>
    </message>
    <message>
      <source>[amount_negative] amount is negative</source>
      <translation>金额为负数</translation>
    </message>
    <message>
      <source>[amount_missing] amount missing</source>
      <translation>缺少金额</translation>
    </message>
    <message>
      <source>[risk_unknown] unknown risk level</source>
      <translation>无法识别的风险等级</translation>
    </message>
    <message>
      <source>[risk_invalid] not a risk level</source>
      <translation>不是风险等级（C1–C5）</translation>
    </message>
    <message>
      <source>[text_too_long] text cut</source>
      <translation>文字过长，已截断</translation>
    </message>
    <message>
      <source>[cell_too_long] cell cut</source>
      <translation>单元格内容过长，已截断</translation>
    </message>
    <message>
      <source>[match_ambiguous] several stored customers match</source>
      <translation>库中有多位客户与此相符；请选定其中一位</translation>
    </message>
    <message>
      <source>[match_conflict] stored customer has another ID number</source>
      <translation>库中同名同手机号的客户登记的是另一个身份证号码</translation>
    </message>
    <message>
      <source>[other_branch] customer of another branch</source>
      <translation>属于其他网点的客户</translation>
    </message>
    <message>
      <source>[stored_conflict] stored value differs; not overwritten</source>
      <translation>库中已存的值与登记本不同；未覆盖</translation>
    </message>
    <message>
      <source>[value_conflict] differs from an earlier row</source>
      <translation>与前面一行的值不同；保留先出现的值</translation>
    </message>
    <message>
      <source>[sheet_hidden] sheet is hidden</source>
      <translation>工作表是隐藏的</translation>
    </message>
    <message>
      <source>[column_hidden] column is hidden</source>
      <translation>该列是隐藏的</translation>
    </message>
    <message>
      <source>[cells_unreadable] cells could not be read</source>
      <translation>有单元格无法读取</translation>
    </message>
    <message>
      <source>[formula_no_value] formula has no saved result</source>
      <translation>公式没有保存计算结果；按空值读取</translation>
    </message>
    <message>
      <source>[no_data] no customer rows found</source>
      <translation>没有找到客户数据</translation>
    </message>
    <message>
      <source>[no_sheets] the workbook has no worksheets</source>
      <translation>工作簿中没有工作表</translation>
    </message>
    <message>
      <source>[not_found] no such file</source>
      <translation>文件不存在</translation>
    </message>
    <message>
      <source>[empty] the file is empty</source>
      <translation>文件是空的</translation>
    </message>
    <message>
      <source>[timeout] reading took too long</source>
      <translation>读取超时，已停止</translation>
    </message>
    <message>
      <source>[crash] the reader stopped on this file</source>
      <translation>读取此文件时程序中止</translation>
    </message>
    <message>
      <source>[memory] needs too much memory</source>
      <translation>所需内存过多；已拒绝</translation>
    </message>
    <message>
      <source>[zip_bomb] refused as unsafe (zip bomb?)</source>
      <translation>疑似压缩炸弹，不安全；已拒绝</translation>
    </message>
    <message>
      <source>[unsafe] refused as unsafe</source>
      <translation>文件不安全；已拒绝</translation>
    </message>
    <message>
      <source>[corrupt] damaged file</source>
      <translation>文件已损坏</translation>
    </message>
    <message>
      <source>[encoding] text encoding not recognised</source>
      <translation>无法识别文本编码</translation>
    </message>
    <message>
      <source>[too_large] file too large</source>
      <translation>文件太大</translation>
    </message>
    <message>
      <source>[password] password-protected</source>
      <translation>文件设有密码，请在 Excel 中取消密码后重新导入</translation>
    </message>
    <message>
      <source>[unsupported] unsupported file type</source>
      <translation>不支持的文件类型</translation>
    </message>
    <message>
      <source>[customer_conflict] customer number and ID disagree</source>
      <translation>客户号与证件号码分属不同客户</translation>
    </message>
    <message>
      <source>[customer_missing] no customer number or ID</source>
      <translation>既没有客户号，也没有证件号码</translation>
    </message>
    <message>
      <source>[unknown_customer] no such customer</source>
      <translation>库中没有对应的客户</translation>
    </message>
    <message>
      <source>[direction_invalid] unknown debit/credit flag</source>
      <translation>无法识别的借贷标志</translation>
    </message>
    <message>
      <source>[category_unknown] unknown asset category</source>
      <translation>无法识别的资产类别</translation>
    </message>
    <message>
      <source>[product_unknown] unknown product code</source>
      <translation>无法识别的产品代码</translation>
    </message>
    <message>
      <source>[status_invalid] unknown holding status</source>
      <translation>无法识别的持仓状态</translation>
    </message>
    <message>
      <source>no name</source>
      <translation>没有姓名</translation>
    </message>
    <message>
      <source>no name, only a note</source>
      <translation>姓名栏只有备注，没有姓名</translation>
    </message>
    <message>
      <source>row has no name</source>
      <translation>这一行没有姓名</translation>
    </message>
    <message>
      <source>note %1 moved out of the name</source>
      <translation>姓名中的备注%1已移出姓名</translation>
    </message>
    <message>
      <source>spaces inside the name removed</source>
      <translation>已去掉姓名中间的空格</translation>
    </message>
    <message>
      <source>more than one person in the name cell: %1</source>
      <translation>姓名栏填了不止一个人：%1</translation>
    </message>
    <message>
      <source>does not look like a name: %1</source>
      <translation>看起来不像姓名：%1</translation>
    </message>
    <message>
      <source>same ID as %1 (row %2) but another name; the first name is kept</source>
      <translation>与第 %2 行的%1身份证号码相同，但姓名不同；保留先出现的姓名</translation>
    </message>
    <message>
      <source>a time of day, not a date: %1</source>
      <translation>这是时间，不是日期：%1</translation>
    </message>
    <message>
      <source>number %1 read as Excel date %2</source>
      <translation>数字 %1 已按 Excel 日期读为 %2</translation>
    </message>
    <message>
      <source>date has no year: %1</source>
      <translation>日期没有年份：%1</translation>
    </message>
    <message>
      <source>%1 is not an Excel date serial</source>
      <translation>%1 不是有效的 Excel 日期序号</translation>
    </message>
    <message>
      <source>impossible date %1</source>
      <translation>日期不存在：%1</translation>
    </message>
    <message>
      <source>two-digit year %1 read as %2</source>
      <translation>两位数年份 %1 已读为 %2 年</translation>
    </message>
    <message>
      <source>two-digit year in %1 could be %2 or %3</source>
      <translation>%1 中的两位数年份可能是 %2 年，也可能是 %3 年，无法确定</translation>
    </message>
    <message>
      <source>not a date: %1</source>
      <translation>不是日期：%1</translation>
    </message>
    <message>
      <source>not a calendar date: %1</source>
      <translation>不是有效的日期：%1</translation>
    </message>
    <message>
      <source>%1 could be day/month or month/day</source>
      <translation>%1 既可读作“日/月”，也可读作“月/日”，无法确定</translation>
    </message>
    <message>
      <source>%1 read as %2</source>
      <translation>%1 已读为 %2</translation>
    </message>
    <message>
      <source>%1 has no day of the month</source>
      <translation>%1 只有年月，没有具体日期</translation>
    </message>
    <message>
      <source>birth date %1 is not plausible</source>
      <translation>出生日期 %1 不合常理</translation>
    </message>
    <message>
      <source>date %1 is not plausible</source>
      <translation>日期 %1 不合常理</translation>
    </message>
    <message>
      <source>date missing</source>
      <translation>缺少日期</translation>
    </message>
    <message>
      <source>not a time of day: %1</source>
      <translation>不是有效的时间：%1</translation>
    </message>
    <message>
      <source>period missing</source>
      <translation>缺少所属期间</translation>
    </message>
    <message>
      <source>birthday disagrees with the ID (%1); the ID's is kept</source>
      <translation>生日与身份证号码中的出生日期（%1）不符；以身份证号码为准</translation>
    </message>
    <message>
      <source>birthday disagrees with the ID; the ID's is kept</source>
      <translation>生日与身份证号码中的出生日期不符；以身份证号码为准</translation>
    </message>
    <message>
      <source>phone was stored as a number</source>
      <translation>电话号码被存成了数字格式，已按文本读取</translation>
    </message>
    <message>
      <source>not a phone number: %1</source>
      <translation>不是电话号码：%1</translation>
    </message>
    <message>
      <source>phone shown in scientific notation %1: digits were lost</source>
      <translation>电话号码%1被 Excel 显示为科学计数法，部分数字已丢失：请按纸质登记本重新录入</translation>
    </message>
    <message>
      <source>more than one phone in one cell: %1</source>
      <translation>一个单元格里有多个电话号码：%1</translation>
    </message>
    <message>
      <source>landline without area code: %1</source>
      <translation>固定电话缺少区号：%1</translation>
    </message>
    <message>
      <source>phone is masked: %1</source>
      <translation>电话号码被隐去部分数字，不完整：%1</translation>
    </message>
    <message>
      <source>phone has characters other than digits: %1</source>
      <translation>电话号码中有数字以外的字符：%1</translation>
    </message>
    <message>
      <source>not a valid Chinese phone number: %1</source>
      <translation>不是有效的国内电话号码：%1</translation>
    </message>
    <message>
      <source>ID destroyed by Excel number format: %1 kept only 15 significant digits</source>
      <translation>身份证号码%1被 Excel 按数字格式保存，只剩前 15 位有效数字，无法恢复：请按纸质登记本重新录入</translation>
    </message>
    <message>
      <source>not an 18-digit resident ID: %1</source>
      <translation>不是 18 位居民身份证号码：%1</translation>
    </message>
    <message>
      <source>a 15-digit ID must be 15 digits</source>
      <translation>15 位身份证号码必须是 15 位数字</translation>
    </message>
    <message>
      <source>not a resident ID (passport or permit?): %1; its kind must be chosen by a person</source>
      <translation>不是居民身份证号码（护照或通行证？）：%1；证件类型须人工选择</translation>
    </message>
    <message>
      <source>15-digit ID upgraded to 18 digits</source>
      <translation>15 位身份证号码已升位为 18 位</translation>
    </message>
    <message>
      <source>spaces, dashes or lower-case x fixed</source>
      <translation>已去掉空格和横线，小写 x 已改为大写 X</translation>
    </message>
    <message>
      <source>ID number has an impossible birth date %1</source>
      <translation>身份证号码中的出生日期 %1 不存在</translation>
    </message>
    <message>
      <source>check digit fails: ends in %1, should be %2</source>
      <translation>校验位不对：末位是 %1，应为 %2</translation>
    </message>
    <message>
      <source>ID number stored as a number: its last digits are lost; export it as text</source>
      <translation>证件号码被存成数字，末几位已丢失；请按文本格式重新导出</translation>
    </message>
    <message>
      <source>empty amount</source>
      <translation>金额为空</translation>
    </message>
    <message>
      <source>amount is a range: %1</source>
      <translation>金额是一个范围：%1，请核实具体金额</translation>
    </message>
    <message>
      <source>not an amount: %1</source>
      <translation>不是金额：%1</translation>
    </message>
    <message>
      <source>amount is approximate: %1 (about %2 yuan)</source>
      <translation>金额是约数：%1（约 %2 元），请核实准确金额</translation>
    </message>
    <message>
      <source>amount is negative: %1</source>
      <translation>金额为负数：%1</translation>
    </message>
    <message>
      <source>amount missing</source>
      <translation>缺少金额</translation>
    </message>
    <message>
      <source>unknown risk level: %1</source>
      <translation>无法识别的风险等级：%1</translation>
    </message>
    <message>
      <source>not a risk level (C1-C5): %1</source>
      <translation>不是风险等级（C1–C5）：%1</translation>
    </message>
    <message>
      <source>text of %1 characters cut to %2</source>
      <translation>文字共 %1 个字，已截为 %2 个字</translation>
    </message>
    <message>
      <source>cell longer than Excel's 32,767-character limit; cut</source>
      <translation>单元格内容超过 Excel 32,767 个字符的上限，已截断</translation>
    </message>
    <message>
      <source>%1 stored customers have this name and mobile; choose one</source>
      <translation>库中有 %1 位客户的姓名和手机号与此相同；请选定其中一位</translation>
    </message>
    <message>
      <source>a stored customer with this name and mobile has another ID number</source>
      <translation>库中同名同手机号的客户登记的是另一个身份证号码</translation>
    </message>
    <message>
      <source>this ID belongs to a customer of another branch</source>
      <translation>此身份证号码属于其他网点的客户</translation>
    </message>
    <message>
      <source>stored %1 %2 differs from the notebook; not overwritten</source>
      <translation>库中已存的%1为%2，与登记本不同；未覆盖</translation>
    </message>
    <message>
      <source>%1 differs from row %2 of %3 (%4); the first value is kept</source>
      <translation>%1与%3工作表第 %2 行的值（%4）不同；保留先出现的值</translation>
    </message>
    <message>
      <source>sheet %1 is hidden; its rows were read like the others</source>
      <translation>工作表%1是隐藏的；其中的行已照常读入</translation>
    </message>
    <message>
      <source>column %1 is hidden; its values were read as %2</source>
      <translation>%1列是隐藏的；其中的值已作为“%2”读入</translation>
    </message>
    <message>
      <source>column %1 is hidden; not used</source>
      <translation>%1列是隐藏的；未使用</translation>
    </message>
    <message>
      <source>formula has no saved result (file never calculated); read as empty</source>
      <translation>公式没有保存计算结果（文件从未计算过）；按空值读取</translation>
    </message>
    <message>
      <source>sheet %1 has no table of customers (no header row with a name column: instructions or statistics?); nothing was imported from it</source>
      <translation>工作表%1中没有客户表格（找不到含“姓名”列的表头，可能是填写说明或统计表）；未从中导入任何内容</translation>
    </message>
    <message>
      <source>sheet %1 is empty; nothing was imported from it</source>
      <translation>工作表%1是空的；未从中导入任何内容</translation>
    </message>
    <message>
      <source>sheet %1 is hidden</source>
      <translation>工作表%1是隐藏的</translation>
    </message>
    <message>
      <source>column %1 also looks like %2; only the first is used</source>
      <translation>%1列看起来也是“%2”；只使用第一列</translation>
    </message>
    <message>
      <source>%1 cell(s) in the file could not be read by the spreadsheet parser</source>
      <translation>文件中有 %1 个单元格无法读取</translation>
    </message>
    <message>
      <source>row %1 column %2: date %3 out of range, kept as number</source>
      <translation>第 %1 行第 %2 列：日期 %3 超出范围，按数字保留</translation>
    </message>
    <message>
      <source>already imported in batch %1; nothing changed</source>
      <translation>已在第 %1 批导入过；没有任何改动</translation>
    </message>
    <message>
      <source>same content as %1; read once</source>
      <translation>与 %1 内容相同；只读取一次</translation>
    </message>
    <message>
      <source>%1 NUL byte(s) removed</source>
      <translation>已删除 %1 个空字符（NUL）</translation>
    </message>
    <message>
      <source>text read as %1: not Chinese simplified encoding</source>
      <translation>文本已按 %1 编码读取：不是简体中文编码</translation>
    </message>
    <message>
      <source>%1 byte(s) that are not valid text replaced by �</source>
      <translation>%1 个无法识别的字节已替换为 �</translation>
    </message>
    <message>
      <source>encoding is not UTF-8, UTF-16 or GBK/GB18030: read as Western (Windows-1252); check the names look right</source>
      <translation>编码不是 UTF-8、UTF-16 或 GBK/GB18030：已按西文编码（Windows-1252）读取；请检查姓名是否显示正常</translation>
    </message>
    <message>
      <source>%1: cannot open (%2)</source>
      <translation>%1：无法打开（%2）</translation>
    </message>
    <message>
      <source>%1: no sheet with customer rows was found</source>
      <translation>%1：没有找到含客户数据的工作表</translation>
    </message>
    <message>
      <source>%1: a web page with no table in it</source>
      <translation>%1：网页中没有表格</translation>
    </message>
    <message>
      <source>%1: no such file</source>
      <translation>%1：文件不存在</translation>
    </message>
    <message>
      <source>%1: reading took longer than %2 s; stopped</source>
      <translation>%1：读取超过 %2 秒，已停止</translation>
    </message>
    <message>
      <source>%1: the reader stopped on this file (exit %2); it is damaged or needs more memory than allowed</source>
      <translation>%1：读取此文件时程序中止（退出码 %2）；文件可能已损坏，或所需内存超出允许范围</translation>
    </message>
    <message>
      <source>%1: needs more memory than a notebook may use (%2 MB); refused</source>
      <translation>%1：所需内存超过登记本允许的上限（%2 MB）；已拒绝</translation>
    </message>
    <message>
      <source>%1: archive has %2 parts; refused as unsafe</source>
      <translation>%1：压缩包内有 %2 个部件，不安全；已拒绝</translation>
    </message>
    <message>
      <source>%1: part %2 inflates %3x to %4 MB (zip bomb?); refused</source>
      <translation>%1：部件 %2 解压后膨胀 %3 倍，达 %4 MB（疑似压缩炸弹）；已拒绝</translation>
    </message>
    <message>
      <source>%1: inflates to %2 MB, more than any notebook; refused as unsafe</source>
      <translation>%1：解压后达 %2 MB，远超任何登记本，不安全；已拒绝</translation>
    </message>
    <message>
      <source>%1: the file is empty (0 bytes)</source>
      <translation>%1：文件是空的（0 字节）</translation>
    </message>
    <message>
      <source>%1: is an OpenDocument spreadsheet: save it as .xlsx (Excel 2007+) and import that</source>
      <translation>%1：这是 OpenDocument 表格，请另存为 .xlsx（Excel 2007 及以上版本）后再导入</translation>
    </message>
    <message>
      <source>%1: is an Apple Numbers file: export it to .xlsx and import that</source>
      <translation>%1：这是 Apple Numbers 文件，请导出为 .xlsx 后再导入</translation>
    </message>
    <message>
      <source>%1: is an Excel binary workbook (.xlsb): save it as .xlsx and import that</source>
      <translation>%1：这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再导入</translation>
    </message>
    <message>
      <source>%1: is in 'Strict Open XML' format: save it as an ordinary Excel workbook (.xlsx)</source>
      <translation>%1：这是“Strict Open XML”格式，请另存为普通 Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
      <source>%1: is password-protected: remove the password in Excel and import again</source>
      <translation>%1：文件设有密码，请在 Excel 中取消密码后重新导入</translation>
    </message>
    <message>
      <source>%1: is password-protected: remove the password in Excel</source>
      <translation>%1：文件设有密码，请在 Excel 中取消密码</translation>
    </message>
    <message>
      <source>%1: is a zip archive but not an Excel workbook</source>
      <translation>%1：这是压缩包，不是 Excel 工作簿</translation>
    </message>
    <message>
      <source>%1: is an Office file but not an Excel workbook</source>
      <translation>%1：这是 Office 文件，但不是 Excel 工作簿</translation>
    </message>
    <message>
      <source>%1: is not a spreadsheet or text file</source>
      <translation>%1：不是表格文件，也不是文本文件</translation>
    </message>
    <message>
      <source>%1: damaged UTF-16 text (%2)</source>
      <translation>%1：UTF-16 文本已损坏（%2）</translation>
    </message>
    <message>
      <source>%1: text encoding not recognised</source>
      <translation>%1：无法识别文本编码</translation>
    </message>
    <message>
      <source>%1: %2 MB of text is too large</source>
      <translation>%1：文本文件有 %2 MB，太大，无法导入</translation>
    </message>
    <message>
      <source>%1: the workbook has no worksheets</source>
      <translation>%1：工作簿中没有工作表</translation>
    </message>
    <message>
      <source>defusedxml is not installed; refusing to parse untrusted XML</source>
      <translation>未安装 defusedxml，拒绝解析来源不明的 XML</translation>
    </message>
    <message>
      <source>%1: damaged or hostile file: %2 declares a DTD or entities (an entity-expansion attack?); refused</source>
      <translation>%1：文件已损坏或含恶意内容：%2 声明了 DTD 或实体（疑似实体扩展攻击）；已拒绝</translation>
    </message>
    <message>
      <source>%1: damaged XML spreadsheet (%2)</source>
      <translation>%1：XML 表格已损坏（%2）</translation>
    </message>
    <message>
      <source>%1: damaged zip archive (%2)</source>
      <translation>%1：压缩包已损坏（%2）</translation>
    </message>
    <message>
      <source>%1: damaged OLE container (%2)</source>
      <translation>%1：Office 文件结构已损坏（%2）</translation>
    </message>
    <message>
      <source>%1: not readable as CSV (%2)</source>
      <translation>%1：无法按 CSV 读取（%2）</translation>
    </message>
    <message>
      <source>%1: not a readable .xls workbook (%2)</source>
      <translation>%1：不是可读取的 .xls 工作簿（%2）</translation>
    </message>
    <message>
      <source>%1: workbook part missing (%2)</source>
      <translation>%1：工作簿缺少组成部分（%2）</translation>
    </message>
    <message>
      <source>%1: damaged file (%2)</source>
      <translation>%1：文件已损坏（%2）</translation>
    </message>
    <message>
      <source>%1: damaged XML (%2)</source>
      <translation>%1：XML 已损坏（%2）</translation>
    </message>
    <message>
      <source>%1: nested too deeply to be a spreadsheet</source>
      <translation>%1：嵌套层次过深，不是正常的表格文件</translation>
    </message>
    <message>
      <source>%1: damaged or unsupported file (%2)</source>
      <translation>%1：文件已损坏或格式不受支持（%2）</translation>
    </message>
    <message>
      <source>customer number and ID number belong to different customers</source>
      <translation>客户号与证件号码分属不同客户</translation>
    </message>
    <message>
      <source>no customer number or ID</source>
      <translation>既没有客户号，也没有证件号码</translation>
    </message>
    <message>
      <source>no customer with this number or ID (%1 row(s) not imported)</source>
      <translation>库中没有此客户号或证件号码对应的客户（%1 行未导入）</translation>
    </message>
    <message>
      <source>unknown debit/credit flag: %1</source>
      <translation>无法识别的借贷标志：%1</translation>
    </message>
    <message>
      <source>unknown asset category %1</source>
      <translation>无法识别的资产类别：%1</translation>
    </message>
    <message>
      <source>unknown product code %1</source>
      <translation>无法识别的产品代码：%1</translation>
    </message>
    <message>
      <source>unknown holding status: %1</source>
      <translation>无法识别的持仓状态：%1</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
  </context>
  <context>
    <name>ImportPages</name>
    <message>
      <source>Import notebooks</source>
      <translation>导入客户登记本</translation>
    </message>
    <message>
      <source>Transcribe notebook</source>
      <translation>录入客户登记本</translation>
    </message>
    <message>
      <source>Review queue</source>
      <translation>待复核</translation>
    </message>
  </context>
  <context>
    <name>ImportWizard</name>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Sequence number (ignored)</source>
      <translation>序号（忽略）</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Sheet</source>
      <translation>工作表</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>行数</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Matched</source>
      <translation>已匹配</translation>
    </message>
    <message>
      <source>Merged</source>
      <translation>已合并</translation>
    </message>
    <message>
      <source>Review</source>
      <translation>待复核</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>已跳过</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>(not imported)</source>
      <translation>（不导入）</translation>
    </message>
    <message>
      <source>ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <source>no customer rows</source>
      <translation>没有客户数据行</translation>
    </message>
    <message>
      <source>cannot be read</source>
      <translation>无法读取</translation>
    </message>
    <message>
      <source>Check what each column is imported as. Changes are saved and reused for every file with the same header.</source>
      <translation>请核对每一列导入为哪个字段。修改会被保存，之后表头相同的文件都会沿用。</translation>
    </message>
    <message>
      <source>Dry run: nothing has been written yet.</source>
      <translation>试运行：尚未写入任何数据。</translation>
    </message>
    <message>
      <source>First rows of each sheet, as they will be stored:</source>
      <translation>各工作表的前几行（按入库后的样子显示）：</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>Header in the file</source>
      <translation>文件中的表头</translation>
    </message>
    <message>
      <source>Imported as</source>
      <translation>导入为</translation>
    </message>
    <message>
      <source>No sheet with customer rows to map.</source>
      <translation>没有含客户数据的工作表可供映射。</translation>
    </message>
    <message>
      <source> (hidden)</source>
      <translation>（隐藏）</translation>
    </message>
    <message>
      <source>%1 / %2: no customer table</source>
      <translation>%1 / %2：未找到客户表</translation>
    </message>
    <message>
      <source>%1, sheet %2: header in row %3; %4 data rows.</source>
      <translation>%1，工作表 %2：表头在第 %3 行；数据 %4 行。</translation>
    </message>
    <message>
      <source>Columns %1 and %2 are both %3: only the first is used.</source>
      <translation>列 %1 和列 %2 都是“%3”：只使用前一列。</translation>
    </message>
    <message>
      <source>%1 new customers, %2 matched in the database, %3 rows merged, %4 contacts; %5 for review, %6 rows rejected.</source>
      <translation>新客户 %1 位，与库中客户匹配 %2 位，合并 %3 行，联系记录 %4 条；待复核 %5 项，拒绝 %6 行。</translation>
    </message>
    <message>
      <source>Nothing was written to the database: the import runs in one transaction.</source>
      <translation>未向数据库写入任何数据：导入在单个事务中执行。</translation>
    </message>
    <message>
      <source>1 Choose files</source>
      <translation>1 选择文件</translation>
    </message>
    <message>
      <source>2 Check mapping</source>
      <translation>2 核对映射</translation>
    </message>
    <message>
      <source>3 Preview</source>
      <translation>3 预览</translation>
    </message>
    <message>
      <source>4 Import</source>
      <translation>4 导入</translation>
    </message>
    <message>
      <source>5 Review queue</source>
      <translation>5 待复核</translation>
    </message>
    <message>
      <source>&amp;Next: check mapping</source>
      <translation>下一步：核对映射(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Next: preview</source>
      <translation>下一步：预览(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>导入(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Next: review queue</source>
      <translation>下一步：待复核(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Start again</source>
      <translation>重新开始(&amp;S)</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Value as written</source>
      <translation>原始值</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>&amp;Add files…</source>
      <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
      <source>&amp;Remove</source>
      <translation>移除(&amp;R)</translation>
    </message>
    <message>
      <source>Notebook &amp;owner (serves the imported customers):</source>
      <translation>客户登记本归属人(&amp;O)（负责服务导入的客户）：</translation>
    </message>
    <message>
      <source>&amp;Save error and review workbook…</source>
      <translation>保存错误及待复核工作簿(&amp;S)…</translation>
    </message>
    <message>
      <source>&amp;Back</source>
      <translation>上一步(&amp;B)</translation>
    </message>
    <message>
      <source>Cancel (Esc)</source>
      <translation>取消（Esc）</translation>
    </message>
    <message>
      <source>Reading the files (dry run)…</source>
      <translation>正在读取文件（试运行）…</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>正在导入…</translation>
    </message>
    <message>
      <source>Import finished.</source>
      <translation>导入完成。</translation>
    </message>
    <message>
      <source>Excel (.xlsx, .xls), WPS or CSV notebooks; one batch for all files.</source>
      <translation>支持 Excel（.xlsx、.xls）、WPS 或 CSV 格式的客户登记本；所有文件作为同一批次导入。</translation>
    </message>
    <message>
      <source>Choose notebooks</source>
      <translation>选择客户登记本文件</translation>
    </message>
    <message>
      <source>Spreadsheets (*.xlsx *.xlsm *.xls *.csv *.txt);;All files (*)</source>
      <translation>电子表格 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <source>Dry run done: nothing has been written yet.</source>
      <translation>试运行完成：尚未写入任何数据。</translation>
    </message>
    <message>
      <source>Failed: %1</source>
      <translation>失败：%1</translation>
    </message>
    <message>
      <source>&lt;b&gt;Nothing new: these files were imported before.&lt;/b&gt;</source>
      <translation>&lt;b&gt;没有新内容：这些文件此前已导入。&lt;/b&gt;</translation>
    </message>
    <message>
      <source>Save review workbook</source>
      <translation>保存待复核工作簿</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
      <source>%1: %2 rows</source>
      <translation>%1：%2 行</translation>
    </message>
    <message>
      <source>Reading cancelled.</source>
      <translation>已取消读取。</translation>
    </message>
    <message>
      <source>The import was cancelled.</source>
      <translation>导入已取消。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Imported as batch %1.&lt;/b&gt;</source>
      <translation>&lt;b&gt;已导入，批次号 %1。&lt;/b&gt;</translation>
    </message>
    <message>
      <source>%1 items for review, %2 rows rejected.</source>
      <translation>待复核 %1 项，拒绝 %2 行。</translation>
    </message>
    <message>
      <source>%1 rows written to %2</source>
      <translation>已将 %1 行写入 %2</translation>
    </message>
    <message>
      <source>%1 new customers, %2 matched, %3 rows merged, %4 contacts.</source>
      <translation>新客户 %1 位，匹配 %2 位，合并 %3 行，联系记录 %4 条。</translation>
    </message>
  </context>
  <context>
    <name>KpiPage</name>
    <message>
      <source>Asset growth credited</source>
      <translation>认定资产增长</translation>
    </message>
    <message>
      <source>Contact coverage</source>
      <translation>联系覆盖率</translation>
    </message>
    <message>
      <source>File completeness</source>
      <translation>档案完整度</translation>
    </message>
    <message>
      <source>Reminders handled on time</source>
      <translation>提醒按时处理率</translation>
    </message>
    <message>
      <source>Use of the system</source>
      <translation>系统使用</translation>
    </message>
    <message>
      <source>Customer satisfaction</source>
      <translation>客户满意度</translation>
    </message>
    <message>
      <source>Asset growth of key customers</source>
      <translation>重点客户资产增长</translation>
    </message>
    <message>
      <source>Change in satisfaction</source>
      <translation>满意度变化</translation>
    </message>
    <message>
      <source>Managers</source>
      <translation>客户经理</translation>
    </message>
    <message>
      <source>Teams</source>
      <translation>团队</translation>
    </message>
    <message>
      <source>Chief customer managers</source>
      <translation>首席客户经理</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>客户经理</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>团队</translation>
    </message>
    <message>
      <source>Chief</source>
      <translation>首席客户经理</translation>
    </message>
    <message>
      <source>%1: %2 managers ranked</source>
      <translation>%1：%2 位客户经理参与排名</translation>
    </message>
    <message>
      <source>%1: %2 teams ranked</source>
      <translation>%1：%2 个团队参与排名</translation>
    </message>
    <message>
      <source>%1: %2 chief customer managers ranked</source>
      <translation>%1：%2 位首席客户经理参与排名</translation>
    </message>
    <message>
      <source>Each indicator is scaled 0–100 across the managers compared (best = 100); the score is the weighted average. The table shows each figure with its scaled value in brackets.</source>
      <translation>每项指标在参与比较的客户经理之间折算为 0–100 分（最佳者为 100）；得分为加权平均值。表中括号内为各项数值折算后的分值。</translation>
    </message>
    <message>
      <source>Each indicator is scaled 0–100 across the teams compared (best = 100); the score is the weighted average. A team is measured over its book (the customers it serves and its members' customers) and its members' work.</source>
      <translation>每项指标在参与比较的团队之间折算为 0–100 分（最佳者为 100）；得分为加权平均值。团队按其客户（团队服务的客户及成员名下客户）和成员的工作量考核。</translation>
    </message>
    <message>
      <source>Each indicator is scaled 0–100 across the chief customer managers compared (best = 100); the score is the weighted average. Growth: their key customers' assets at the end of the period against the month before it.</source>
      <translation>每项指标在参与比较的首席客户经理之间折算为 0–100 分（最佳者为 100）；得分为加权平均值。增长：其重点客户期末资产与期初前一个月相比。</translation>
    </message>
    <message>
      <source>Rank</source>
      <translation>排名</translation>
    </message>
    <message>
      <source>Score</source>
      <translation>得分</translation>
    </message>
    <message>
      <source>&amp;Period:</source>
      <translation>统计期间(&amp;P)：</translation>
    </message>
    <message>
      <source>&amp;Export .xlsx…</source>
      <translation>导出 .xlsx(&amp;E)…</translation>
    </message>
    <message>
      <source>P&amp;rint / PDF…</source>
      <translation>打印 / PDF(&amp;R)…</translation>
    </message>
    <message>
      <source>Rank managers, teams or chief customer managers; the report holds all three</source>
      <translation>对客户经理、团队或首席客户经理进行排名；导出的报表包含全部三类</translation>
    </message>
    <message>
      <source>Ran&amp;k:</source>
      <translation>排名对象(&amp;K)：</translation>
    </message>
    <message>
      <source>Indicator weights</source>
      <translation>指标权重</translation>
    </message>
    <message>
      <source>&amp;Apply</source>
      <translation>应用(&amp;A)</translation>
    </message>
    <message>
      <source>Recompute the ranking with these weights</source>
      <translation>按这些权重重新计算排名</translation>
    </message>
    <message>
      <source>&amp;Save weights</source>
      <translation>保存权重(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Defaults</source>
      <translation>恢复默认(&amp;D)</translation>
    </message>
    <message>
      <source>KPI score (0–100)</source>
      <translation>考核得分（0–100）</translation>
    </message>
    <message>
      <source>Computing…</source>
      <translation>正在计算…</translation>
    </message>
    <message>
      <source>Weights saved.</source>
      <translation>权重已保存。</translation>
    </message>
    <message>
      <source>Print KPI ranking</source>
      <translation>打印考核排名</translation>
    </message>
    <message>
      <source>Export KPI ranking</source>
      <translation>导出考核排名</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Total weight: %1</source>
      <translation>权重合计：%1</translation>
    </message>
    <message>
      <source>Writing %1…</source>
      <translation>正在写入 %1…</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>KPI ranking — %1</source>
      <translation>考核排名 — %1</translation>
    </message>
    <message>
      <source>%1:</source>
      <translation>%1：</translation>
    </message>
    <message>
      <source>Weights: %1</source>
      <translation>权重：%1</translation>
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
      <translation>营销授权</translation>
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
      <source>Record number</source>
      <translation>记录编号</translation>
    </message>
    <message>
      <source>Customer number</source>
      <translation>客户号</translation>
    </message>
    <message>
      <source>Branch</source>
      <translation>网点</translation>
    </message>
    <message>
      <source>Referred by</source>
      <translation>推荐人</translation>
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
      <source>Last contact</source>
      <translation>最近联系</translation>
    </message>
    <message>
      <source>Created at</source>
      <translation>创建时间</translation>
    </message>
    <message>
      <source>Related customer</source>
      <translation>关联客户</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>关系</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
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
      <translation>交接</translation>
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
      <source>Demo data</source>
      <translation>演示数据</translation>
    </message>
    <message>
      <source>Customer manager</source>
      <translation>客户经理</translation>
    </message>
    <message>
      <source>Lobby manager</source>
      <translation>大堂经理</translation>
    </message>
    <message>
      <source>Supervisor</source>
      <translation>主管</translation>
    </message>
    <message>
      <source>Branch head</source>
      <translation>网点负责人</translation>
    </message>
    <message>
      <source>Administrator</source>
      <translation>系统管理员</translation>
    </message>
    <message>
      <source>On leave</source>
      <translation>休假中</translation>
    </message>
    <message>
      <source>Departed</source>
      <translation>已离职</translation>
    </message>
    <message>
      <source>Transferred</source>
      <translation>已调离</translation>
    </message>
    <message>
      <source>Partner</source>
      <translation>伴侣</translation>
    </message>
    <message>
      <source>Service team</source>
      <translation>服务团队</translation>
    </message>
    <message>
      <source>Chief manager</source>
      <translation>首席客户经理</translation>
    </message>
    <message>
      <source>Fixed</source>
      <translation>已更正</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已接受</translation>
    </message>
    <message>
      <source>Running</source>
      <translation>进行中</translation>
    </message>
    <message>
      <source>Undone</source>
      <translation>已撤销</translation>
    </message>
    <message>
      <source>Deleted</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Imported</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Reassigned in a batch</source>
      <translation>批量调整归属</translation>
    </message>
    <message>
      <source>Enrolled in a package</source>
      <translation>签约服务套餐</translation>
    </message>
    <message>
      <source>Exported</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Exported with full numbers</source>
      <translation>导出（含完整号码）</translation>
    </message>
    <message>
      <source>Tasks created in bulk</source>
      <translation>批量创建任务</translation>
    </message>
    <message>
      <source>Created in bulk</source>
      <translation>批量新建</translation>
    </message>
    <message>
      <source>Tiers recomputed</source>
      <translation>重新评定等级</translation>
    </message>
    <message>
      <source>Reminders scanned</source>
      <translation>扫描提醒</translation>
    </message>
    <message>
      <source>Balances feed</source>
      <translation>余额数据导入</translation>
    </message>
    <message>
      <source>Holdings feed</source>
      <translation>持仓数据导入</translation>
    </message>
    <message>
      <source>Transactions feed</source>
      <translation>交易数据导入</translation>
    </message>
    <message>
      <source>Customers feed</source>
      <translation>客户数据导入</translation>
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
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>%1:</source>
      <translation>%1：</translation>
    </message>
    <message>
      <source>Import batch %1</source>
      <translation>导入批次 %1</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
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
      <source>&amp;Export portfolio to Excel…</source>
      <translation>导出客户列表到 Excel(&amp;E)…</translation>
    </message>
    <message>
      <source>&amp;Lock</source>
      <translation>锁定(&amp;L)</translation>
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
      <source>&amp;Find customer</source>
      <translation>查找客户(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
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
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>Main toolbar</source>
      <translation>主工具栏</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>新建客户</translation>
    </message>
    <message>
      <source>Log contact</source>
      <translation>记录联系</translation>
    </message>
    <message>
      <source>Find</source>
      <translation>查找</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今日工作台</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
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
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
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
      <source>&amp;Open customer file</source>
      <translation>打开客户档案(&amp;O)</translation>
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
      <source>Find customer</source>
      <translation>查找客户</translation>
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
    <name>PackagesPage</name>
    <message>
      <source>Service &amp;packages</source>
      <translation>服务套餐(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Work lists and tasks</source>
      <translation>工作清单与任务(&amp;W)</translation>
    </message>
    <message>
      <source>Campaign &amp;results</source>
      <translation>营销活动效果(&amp;R)</translation>
    </message>
    <message>
      <source>New package</source>
      <translation>新建套餐</translation>
    </message>
    <message>
      <source>any tier</source>
      <translation>不限等级</translation>
    </message>
    <message>
      <source>&amp;Create package</source>
      <translation>创建套餐(&amp;C)</translation>
    </message>
    <message>
      <source>Tick &amp;all</source>
      <translation>全选(&amp;A)</translation>
    </message>
    <message>
      <source>Tick n&amp;one</source>
      <translation>全不选(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Enrol ticked customers</source>
      <translation>为勾选的客户签约(&amp;E)</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <source>All tiers</source>
      <translation>全部等级</translation>
    </message>
    <message>
      <source>any</source>
      <translation>不限</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Call list (service calls)</source>
      <translation>电话清单（服务回访）</translation>
    </message>
    <message>
      <source>SMS list (marketing consent only)</source>
      <translation>短信清单（仅限已营销授权）</translation>
    </message>
    <message>
      <source>Marketing call list (consent only)</source>
      <translation>营销电话清单（仅限已营销授权）</translation>
    </message>
    <message>
      <source>&amp;Show list</source>
      <translation>显示清单(&amp;S)</translation>
    </message>
    <message>
      <source>E&amp;xport .xlsx…</source>
      <translation>导出 .xlsx(&amp;X)…</translation>
    </message>
    <message>
      <source>Bulk tasks for the same selection</source>
      <translation>为同一批客户批量创建任务</translation>
    </message>
    <message>
      <source>e.g. 2027 spring deposit drive</source>
      <translation>例如：2027 年春季存款营销</translation>
    </message>
    <message>
      <source>What to do, e.g. call about the new package</source>
      <translation>要做什么，例如：致电介绍新套餐</translation>
    </message>
    <message>
      <source>Create &amp;tasks</source>
      <translation>创建任务(&amp;T)</translation>
    </message>
    <message>
      <source>Numbers are masked. SMS and marketing lists leave out customers without marketing consent. Each task goes to whoever serves the customer on the due date; contacts logged with the campaign's name count as responses.</source>
      <translation>号码已脱敏。短信清单和营销清单不含未营销授权的客户。每项任务派给到期日当天服务该客户的人员；以营销活动名称记录的联系计为响应。</translation>
    </message>
    <message>
      <source>Ca&amp;mpaign:</source>
      <translation>营销活动(&amp;M)：</translation>
    </message>
    <message>
      <source>Responses by outcome (customers)</source>
      <translation>按结果统计的响应（客户数）</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>C&amp;ode:</source>
      <translation>代码(&amp;O)：</translation>
    </message>
    <message>
      <source>&amp;Name:</source>
      <translation>名称(&amp;N)：</translation>
    </message>
    <message>
      <source>From (quarter average):</source>
      <translation>季日均不低于：</translation>
    </message>
    <message>
      <source>Below:</source>
      <translation>且低于：</translation>
    </message>
    <message>
      <source>Tier:</source>
      <translation>等级：</translation>
    </message>
    <message>
      <source>Eligible customers not yet enrolled:</source>
      <translation>符合条件但尚未签约的客户：</translation>
    </message>
    <message>
      <source>T&amp;ier:</source>
      <translation>等级(&amp;I)：</translation>
    </message>
    <message>
      <source>Not contacted &amp;for:</source>
      <translation>未联系天数(&amp;F)：</translation>
    </message>
    <message>
      <source>&amp;List:</source>
      <translation>清单(&amp;L)：</translation>
    </message>
    <message>
      <source>&amp;Campaign:</source>
      <translation>营销活动(&amp;C)：</translation>
    </message>
    <message>
      <source>&amp;Due:</source>
      <translation>到期日(&amp;D)：</translation>
    </message>
    <message>
      <source>&amp;Reason:</source>
      <translation>事由(&amp;R)：</translation>
    </message>
    <message>
      <source>Export work list</source>
      <translation>导出工作清单</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>No campaigns yet.</source>
      <translation>暂无营销活动。</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>代码</translation>
    </message>
    <message>
      <source>Package</source>
      <translation>套餐</translation>
    </message>
    <message>
      <source>Quarter daily-average band</source>
      <translation>季日均区间</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Enrolled</source>
      <translation>已签约</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Quarter daily-average (yuan)</source>
      <translation>季日均（元）</translation>
    </message>
    <message>
      <source>Package %1 created.</source>
      <translation>已创建套餐 %1。</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Primary manager</source>
      <translation>主办客户经理</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户数</translation>
    </message>
    <message>
      <source>%1 customer(s) on the list</source>
      <translation>清单共 %1 位客户</translation>
    </message>
    <message>
      <source>unrecorded</source>
      <translation>未记录</translation>
    </message>
    <message>
      <source>%1 eligible, %2 ticked</source>
      <translation>符合条件 %1 位，已勾选 %2 位</translation>
    </message>
    <message>
      <source>%1 customer(s) enrolled in %2.</source>
      <translation>已为 %1 位客户签约“%2”。</translation>
    </message>
    <message>
      <source>%1 task(s) created for campaign %2.</source>
      <translation>已为营销活动“%2”创建 %1 项任务。</translation>
    </message>
    <message>
      <source>%1 targeted by tasks · %2 contacted · response %3</source>
      <translation>任务覆盖 %1 位 · 已联系 %2 位 · 响应率 %3</translation>
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
      <source>Counting customers…</source>
      <translation>正在统计客户数…</translation>
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
      <source>Holdings</source>
      <translation>持仓</translation>
    </message>
    <message>
      <source>Customer profile</source>
      <translation>客户资料</translation>
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
    <name>RelationDialog</name>
    <message>
      <source>Name, pinyin, phone or ID fragment</source>
      <translation>姓名、拼音、电话或证件号片段</translation>
    </message>
    <message>
      <source>e.g. works at the hospital, retired teacher</source>
      <translation>例如：在医院工作、退休教师</translation>
    </message>
    <message>
      <source>&amp;Find customer:</source>
      <translation>查找客户(&amp;F)：</translation>
    </message>
    <message>
      <source>&amp;Is this customer's:</source>
      <translation>是该客户的(&amp;I)：</translation>
    </message>
    <message>
      <source>N&amp;ote:</source>
      <translation>备注(&amp;O)：</translation>
    </message>
    <message>
      <source>Add a relation — %1</source>
      <translation>添加亲属关系 — %1</translation>
    </message>
    <message>
      <source>No customer you may see matches.</source>
      <translation>在您可查看的客户中没有匹配项。</translation>
    </message>
    <message>
      <source>Not saved: the database is unreachable. Retry later; nothing is lost.</source>
      <translation>未保存：无法连接数据库。请稍后重试，已填写的内容不会丢失。</translation>
    </message>
  </context>
  <context>
    <name>ReviewQueue</name>
    <message>
      <source>Visit date</source>
      <translation>到访日期</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Assets</source>
      <translation>资产</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Sheet</source>
      <translation>工作表</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Raw value</source>
      <translation>原始值</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Corrected value</source>
      <translation>更正后的值</translation>
    </message>
    <message>
      <source>&amp;Fix</source>
      <translation>更正(&amp;F)</translation>
    </message>
    <message>
      <source>Store the corrected value in the customer file</source>
      <translation>将更正后的值存入客户档案</translation>
    </message>
    <message>
      <source>&amp;Accept as is</source>
      <translation>按原样接受(&amp;A)</translation>
    </message>
    <message>
      <source>The stored data is right; close the item</source>
      <translation>已保存的数据无误；关闭此项</translation>
    </message>
    <message>
      <source>&amp;Dismiss</source>
      <translation>忽略(&amp;D)</translation>
    </message>
    <message>
      <source>Close the item without changing any customer</source>
      <translation>关闭此项，不修改任何客户</translation>
    </message>
    <message>
      <source>&amp;Open customer</source>
      <translation>打开客户(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Reload</source>
      <translation>重新加载(&amp;R)</translation>
    </message>
    <message>
      <source>Correct &amp;value:</source>
      <translation>正确值(&amp;V)：</translation>
    </message>
    <message>
      <source>Where:</source>
      <translation>位置：</translation>
    </message>
    <message>
      <source>Problem:</source>
      <translation>问题：</translation>
    </message>
    <message>
      <source>No customer was imported from this row; accept or dismiss it.</source>
      <translation>此行没有导入任何客户；请接受或忽略。</translation>
    </message>
    <message>
      <source>Nothing to review.</source>
      <translation>没有待复核的项目。</translation>
    </message>
    <message>
      <source>%1, sheet %2, row %3</source>
      <translation>%1，工作表 %2，第 %3 行</translation>
    </message>
    <message>
      <source>This value cannot be corrected here; open the customer file.</source>
      <translation>此值不能在这里更正；请打开客户档案。</translation>
    </message>
    <message>
      <source>Type the correct value and press Enter (Alt+F).</source>
      <translation>输入正确的值后按回车（Alt+F）。</translation>
    </message>
    <message>
      <source>Type the correct value, or accept or dismiss the item.</source>
      <translation>请输入正确的值，或者接受、忽略此项。</translation>
    </message>
    <message>
      <source>Review queue: %1 open item(s)</source>
      <translation>待复核：%1 项未处理</translation>
    </message>
    <message>
      <source>, column %1</source>
      <translation>，%1 列</translation>
    </message>
    <message>
      <source>Someone else changed this item or customer first; the queue is reloaded.</source>
      <translation>他人已先修改了此项或该客户；已重新加载待复核列表。</translation>
    </message>
    <message>
      <source>Review queue of batch %1: %2 open item(s)</source>
      <translation>批次 %1 待复核：%2 项未处理</translation>
    </message>
    <message>
      <source>Item %1: %2</source>
      <translation>复核项 %1：%2</translation>
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
    <message>
      <source>this relation is already recorded</source>
      <translation>该关系已登记</translation>
    </message>
    <message>
      <source>a customer cannot be related to themselves</source>
      <translation>客户不能与本人建立关系</translation>
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
      <source>Save</source>
      <translation>保存</translation>
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
    <name>Supervisor</name>
    <message>
      <source>Reporting period: a month or a quarter</source>
      <translation>统计期间：某月或某季度</translation>
    </message>
    <message>
      <source>Customer no</source>
      <translation>客户号</translation>
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
      <source>Assets (yuan)</source>
      <translation>资产（元）</translation>
    </message>
    <message>
      <source>Primary manager</source>
      <translation>主办客户经理</translation>
    </message>
    <message>
      <source>Last contact</source>
      <translation>最近联系</translation>
    </message>
    <message>
      <source>Completeness</source>
      <translation>完整度</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>%n customer(s)</source>
      <translation>共 %n 位客户</translation>
    </message>
    <message>
      <source>Double-click or press Enter to open the customer's file.</source>
      <translation>双击或按回车打开客户档案。</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
  </context>
  <context>
    <name>SupervisorPages</name>
    <message>
      <source>Dashboard</source>
      <translation>经营看板</translation>
    </message>
    <message>
      <source>KPI ranking</source>
      <translation>考核排名</translation>
    </message>
    <message>
      <source>Rebalancing</source>
      <translation>客户均衡分配</translation>
    </message>
    <message>
      <source>Packages and campaigns</source>
      <translation>服务套餐与营销活动</translation>
    </message>
    <message>
      <source>Chief managers</source>
      <translation>首席客户经理</translation>
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
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
  </context>
  <context>
    <name>Transcription</name>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>证件号码</translation>
    </message>
    <message>
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>Visit date</source>
      <translation>到访日期</translation>
    </message>
    <message>
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Will be stored as</source>
      <translation>将保存为</translation>
    </message>
    <message>
      <source>In the database</source>
      <translation>库中已有</translation>
    </message>
    <message>
      <source>same ID: will be matched</source>
      <translation>证件号码相同：将匹配</translation>
    </message>
    <message>
      <source>same name and mobile: will be matched</source>
      <translation>姓名和手机相同：将匹配</translation>
    </message>
    <message>
      <source>same mobile, other name</source>
      <translation>手机相同，姓名不同</translation>
    </message>
    <message>
      <source>same name only: a different person unless ID or mobile agree</source>
      <translation>仅姓名相同：除非证件号码或手机一致，否则视为不同的人</translation>
    </message>
    <message>
      <source>same ID in another branch: the row goes to review</source>
      <translation>其他网点有相同证件号码：该行转入待复核</translation>
    </message>
    <message>
      <source>e.g. Lobby register 2012 (Wang Li)</source>
      <translation>例如：大堂登记本 2012（王丽）</translation>
    </message>
    <message>
      <source>&amp;Save as import batch (Ctrl+S)</source>
      <translation>保存为导入批次(&amp;S)（Ctrl+S）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>&amp;Paste from Excel (Ctrl+V)</source>
      <translation>从 Excel 粘贴(&amp;P)（Ctrl+V）</translation>
    </message>
    <message>
      <source>&amp;Add 10 rows</source>
      <translation>添加 10 行(&amp;A)</translation>
    </message>
    <message>
      <source>C&amp;lear grid</source>
      <translation>清空表格(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Notebook:</source>
      <translation>客户登记本(&amp;N)：</translation>
    </message>
    <message>
      <source>&amp;Owner:</source>
      <translation>归属人(&amp;O)：</translation>
    </message>
    <message>
      <source>The grid is empty: nothing to save.</source>
      <translation>表格为空：没有可保存的内容。</translation>
    </message>
    <message>
      <source>Nothing new: these rows were already imported. The grid is kept.</source>
      <translation>没有新内容：这些行此前已导入。表格内容保留。</translation>
    </message>
    <message>
      <source>same person as row %1</source>
      <translation>与第 %1 行为同一人</translation>
    </message>
    <message>
      <source> +%1 more</source>
      <translation> 另有 %1 位</translation>
    </message>
    <message>
      <source>Saving cancelled. Nothing was written; the grid is kept.</source>
      <translation>已取消保存。未写入任何数据；表格内容保留。</translation>
    </message>
    <message>
      <source>Not saved: %1. Nothing was written; the grid is kept.</source>
      <translation>未保存：%1。未写入任何数据；表格内容保留。</translation>
    </message>
    <message>
      <source>Merged with row %1 when saved</source>
      <translation>保存时将与第 %1 行合并</translation>
    </message>
    <message>
      <source>%1 rows, %2 need review, %3 may already be customers</source>
      <translation>共 %1 行，%2 行需复核，%3 行可能已是现有客户</translation>
    </message>
    <message>
      <source>Saved as batch %1: %2 new customers, %3 matched, %4 contacts, %5 for review.</source>
      <translation>已保存为批次 %1：新客户 %2 位，匹配 %3 位，联系记录 %4 条，待复核 %5 项。</translation>
    </message>
  </context>
  <context>
    <name>WorkbenchPage</name>
    <message>
      <source>Active</source>
      <translation>在岗</translation>
    </message>
    <message>
      <source>On leave</source>
      <translation>休假</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>客户经理</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户数</translation>
    </message>
    <message>
      <source>Assets</source>
      <translation>资产</translation>
    </message>
    <message>
      <source>Tier mix</source>
      <translation>等级构成</translation>
    </message>
    <message>
      <source>Coverage</source>
      <translation>联系覆盖率</translation>
    </message>
    <message>
      <source>Capacity used</source>
      <translation>容量占用</translation>
    </message>
    <message>
      <source>Customer no</source>
      <translation>客户号</translation>
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
      <source>Assets (yuan)</source>
      <translation>资产（元）</translation>
    </message>
    <message>
      <source>Last contact</source>
      <translation>最近联系</translation>
    </message>
    <message>
      <source>Secondary</source>
      <translation>协办</translation>
    </message>
    <message>
      <source>Served since</source>
      <translation>服务起始日</translation>
    </message>
    <message>
      <source>Suggested rebalancing</source>
      <translation>建议的均衡分配方案</translation>
    </message>
    <message>
      <source>Capacity used (%), before and after</source>
      <translation>容量占用（%）：调整前后</translation>
    </message>
    <message>
      <source>&amp;Apply as one batch</source>
      <translation>作为一个批次执行(&amp;A)</translation>
    </message>
    <message>
      <source>Drop customers on a manager to move them there</source>
      <translation>将客户拖放到某位客户经理上，即可调整给该客户经理</translation>
    </message>
    <message>
      <source>Whole &amp;branch</source>
      <translation>全网点(&amp;B)</translation>
    </message>
    <message>
      <source>All tiers</source>
      <translation>全部等级</translation>
    </message>
    <message>
      <source>any</source>
      <translation>不限</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Missing a &amp;secondary</source>
      <translation>缺少协办(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Move to…</source>
      <translation>调整至(&amp;M)…</translation>
    </message>
    <message>
      <source>Selected customers to:</source>
      <translation>将所选客户调整至：</translation>
    </message>
    <message>
      <source>S&amp;uggest rebalancing…</source>
      <translation>建议均衡分配(&amp;U)…</translation>
    </message>
    <message>
      <source>U&amp;ndo last batch</source>
      <translation>撤销上一批次(&amp;N)</translation>
    </message>
    <message>
      <source>Staff &amp;departure…</source>
      <translation>员工离岗(&amp;D)…</translation>
    </message>
    <message>
      <source>Pick customers (Ctrl/Shift-click), then drag them onto a manager above or use Move to…. Every move is one audited batch that can be undone.</source>
      <translation>选择客户（按住 Ctrl/Shift 单击），然后拖到上方的客户经理上，或使用“调整至…”。每次调整都是一个记入审计、可撤销的批次。</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在加载…</translation>
    </message>
    <message>
      <source>Working out a balanced proposal…</source>
      <translation>正在生成均衡分配方案…</translation>
    </message>
    <message>
      <source>Moves:</source>
      <translation>调整明细：</translation>
    </message>
    <message>
      <source>T&amp;ier:</source>
      <translation>等级(&amp;I)：</translation>
    </message>
    <message>
      <source>Not contacted &amp;for:</source>
      <translation>未联系天数(&amp;F)：</translation>
    </message>
    <message>
      <source>Assets at &amp;least:</source>
      <translation>资产不低于(&amp;L)：</translation>
    </message>
    <message>
      <source>Undo batch</source>
      <translation>撤销批次</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>调整前</translation>
    </message>
    <message>
      <source>After</source>
      <translation>调整后</translation>
    </message>
    <message>
      <source>Customers before</source>
      <translation>调整前客户</translation>
    </message>
    <message>
      <source>Customers after</source>
      <translation>调整后客户</translation>
    </message>
    <message>
      <source>Assets before</source>
      <translation>调整前资产</translation>
    </message>
    <message>
      <source>Assets after</source>
      <translation>调整后资产</translation>
    </message>
    <message>
      <source>Tier mix after</source>
      <translation>调整后等级构成</translation>
    </message>
    <message>
      <source>From</source>
      <translation>原客户经理</translation>
    </message>
    <message>
      <source>To</source>
      <translation>新客户经理</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Moving %1 customer(s)…</source>
      <translation>正在调整 %1 位客户…</translation>
    </message>
    <message>
      <source>Applying %1 move(s)…</source>
      <translation>正在执行 %1 项调整…</translation>
    </message>
    <message>
      <source>%1 is on leave and takes no new customers.</source>
      <translation>%1 正在休假，不接收新客户。</translation>
    </message>
    <message>
      <source>Put every customer of batch %1 back with their managers from before?</source>
      <translation>将批次 %1 中的所有客户恢复给原来的客户经理吗？</translation>
    </message>
    <message>
      <source>%1 managers · %2 customers</source>
      <translation>客户经理 %1 位 · 客户 %2 位</translation>
    </message>
    <message>
      <source>%1 customers listed, %2 selected</source>
      <translation>列出 %1 位客户，已选 %2 位</translation>
    </message>
    <message>
      <source> (was secondary)</source>
      <translation>（原协办）</translation>
    </message>
    <message>
      <source>%1 customer(s) would move. Spread of capacity used: %2 → %3 points.</source>
      <translation>将调整 %1 位客户。容量占用的差距：%2 → %3 个百分点。</translation>
    </message>
    <message>
      <source>Batch %1: %2 customer(s) changed, %3 reminder(s) moved.</source>
      <translation>批次 %1：调整 %2 位客户，转移提醒 %3 条。</translation>
    </message>
    <message>
      <source>Moved %1 customer(s) to %2 (batch %3); %4 reminder(s) went with them.</source>
      <translation>已将 %1 位客户调整给 %2（批次 %3）；%4 条提醒随之转移。</translation>
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
