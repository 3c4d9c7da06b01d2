<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="84"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="179"/>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="85"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="76"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="88"/>
        <location filename="../../carematch/gui/registry_pages.py" line="489"/>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="46"/>
        <source>老年人</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="86"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="77"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="89"/>
        <location filename="../../carematch/gui/registry_pages.py" line="571"/>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="47"/>
        <source>照护机构</source>
        <translation>Care centres</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="87"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="78"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="90"/>
        <location filename="../../carematch/gui/registry_pages.py" line="582"/>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="48"/>
        <source>助餐点</source>
        <translation>Meal points</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="88"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="91"/>
        <location filename="../../carematch/gui/registry_pages.py" line="593"/>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="49"/>
        <source>护理员</source>
        <translation>Caregivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="89"/>
        <source>匹配</source>
        <translation>Matching</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="90"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="82"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="92"/>
        <source>派单</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="91"/>
        <source>地图</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="92"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="93"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="323"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="94"/>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="50"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="147"/>
        <source>地名库</source>
        <translation>Gazetteer</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="95"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="190"/>
        <source>养老服务匹配 CareMatch</source>
        <translation>CareMatch — elderly-care matching</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="215"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="216"/>
        <location filename="../../carematch/gui/registry_pages.py" line="227"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="174"/>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="217"/>
        <location filename="../../carematch/gui/registry_pages.py" line="228"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="175"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="219"/>
        <source>与县里同步</source>
        <translation>Sync with the county</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="220"/>
        <source>导出同步文件…</source>
        <translation>Export sync file…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="221"/>
        <source>导入同步文件…</source>
        <translation>Import sync file…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="222"/>
        <source>处理同步冲突…</source>
        <translation>Sync conflicts…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="224"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="226"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="227"/>
        <source>新增记录</source>
        <translation>New record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="228"/>
        <source>修改记录</source>
        <translation>Edit record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="230"/>
        <source>删除记录</source>
        <translation>Delete record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="232"/>
        <location filename="../../carematch/gui/registry_pages.py" line="246"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="193"/>
        <source>撤销删除</source>
        <translation>Undo delete</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="234"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="235"/>
        <location filename="../../carematch/gui/registry_pages.py" line="226"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="173"/>
        <source>修改历史</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="237"/>
        <source>转到(&amp;G)</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="242"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="244"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="245"/>
        <location filename="../../carematch/gui/main_window.py" line="271"/>
        <source>关于 CareMatch</source>
        <translation>About CareMatch</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="266"/>
        <source>这一页没有这个操作</source>
        <translation>This page has no such action</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="272"/>
        <source>养老服务匹配 CareMatch {version}
乡镇(街道)居家养老服务中心的登记、匹配与打印工具，无需联网。</source>
        <translation>CareMatch {version} — elderly-care matching
Registry, matching and printing for township elderly-care stations; works without a network.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="285"/>
        <source>数据库：{path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="287"/>
        <source>最近备份：{when}</source>
        <translation>Last backup: {when}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="291"/>
        <source>由服务器负责</source>
        <translation>done by the server</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="294"/>
        <source>暂无</source>
        <translation>none yet</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="306"/>
        <source>已自动备份到 {path}</source>
        <translation>Backed up automatically to {path}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/main_window.py" line="309"/>
        <source>正在做每日自动备份</source>
        <translation>Making the daily backup</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/tasks.py" line="93"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/tasks.py" line="116"/>
        <source>正在取消，请稍候…</source>
        <translation>Cancelling, please wait…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/tasks.py" line="202"/>
        <source>出现了意外错误，操作没有完成。已保存的数据不受影响。
可以点“显示详细信息”查看原因，发给技术支持。</source>
        <translation>An unexpected error stopped the operation. Data already saved is not affected.
Click “Show Details…” to see the cause and send it to technical support.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/tasks.py" line="209"/>
        <source>操作未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="79"/>
        <source>持证养老护理员</source>
        <translation>Certified caregivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="80"/>
        <source>乡镇(街道)数</source>
        <translation>Townships</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="81"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="382"/>
        <source>村(社区)数</source>
        <translation>Villages</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="93"/>
        <location filename="../../carematch/gui/registry_pages.py" line="81"/>
        <location filename="../../carematch/gui/registry_pages.py" line="95"/>
        <location filename="../../carematch/gui/registry_pages.py" line="124"/>
        <location filename="../../carematch/gui/registry_pages.py" line="164"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="94"/>
        <location filename="../../carematch/gui/registry_pages.py" line="82"/>
        <location filename="../../carematch/gui/registry_pages.py" line="96"/>
        <location filename="../../carematch/gui/registry_pages.py" line="125"/>
        <location filename="../../carematch/gui/registry_pages.py" line="165"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="100"/>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="104"/>
        <source>彻底删除</source>
        <translation>Purged</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="120"/>
        <source>目标 {target}</source>
        <translation>target {target}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="123"/>
        <source>上月 {value}</source>
        <translation>last month {value}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="159"/>
        <source>正在计算统计数字</source>
        <translation>Computing the figures</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="189"/>
        <source>登记数量</source>
        <translation>Registry</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="198"/>
        <source>主要指标（全部乡镇）</source>
        <translation>Key figures (all townships)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="202"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="214"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="360"/>
        <source>计算中…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="205"/>
        <location filename="../../carematch/gui/dashboard_page.py" line="396"/>
        <source>需求已匹配</source>
        <translation>Needs matched</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="210"/>
        <source>待匹配的需求（按原因）</source>
        <translation>Open needs by reason</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="219"/>
        <source>最近的操作</source>
        <translation>Recent activity</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="223"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="223"/>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="223"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="223"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="274"/>
        <source>未署名</source>
        <translation>unnamed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="311"/>
        <source>没有待匹配的需求</source>
        <translation>No open needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="327"/>
        <source>重新计算</source>
        <translation>Recompute</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="350"/>
        <source>各乡镇助餐服务覆盖率（虚线为目标）</source>
        <translation>Meal-service coverage by township (dashed: target)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="351"/>
        <source>各乡镇每万老人认知障碍照护床位（虚线为目标）</source>
        <translation>Dementia-care beds per 10,000 elderly by township (dashed: target)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="352"/>
        <source>老年人能力等级</source>
        <translation>Residents by ability level</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="376"/>
        <source>统计日期 {day}</source>
        <translation>As of {day}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="383"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>老年人口</source>
        <translation>Elderly population</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="384"/>
        <source>登记老年人</source>
        <translation>Registered residents</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="397"/>
        <source>待匹配</source>
        <translation>Open needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="398"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="398"/>
        <source>指标</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="398"/>
        <source>目标</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="60"/>
        <source>送餐</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="62"/>
        <source>助餐</source>
        <translation>Meals</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="64"/>
        <source>认知照护</source>
        <translation>Dementia care</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="66"/>
        <source>上门</source>
        <translation>Home visits</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="76"/>
        <location filename="../../carematch/gui/registry_pages.py" line="160"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="77"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="78"/>
        <source>年龄</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="79"/>
        <source>身份证号</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="80"/>
        <location filename="../../carematch/gui/registry_pages.py" line="115"/>
        <location filename="../../carematch/gui/registry_pages.py" line="152"/>
        <location filename="../../carematch/gui/registry_pages.py" line="176"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="83"/>
        <source>能力等级</source>
        <translation>Ability level</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="353"/>
        <location filename="../../carematch/gui/registry_pages.py" line="84"/>
        <source>保障类别</source>
        <translation>Assistance category</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="85"/>
        <source>居住情况</source>
        <translation>Living</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="86"/>
        <source>服务需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="92"/>
        <location filename="../../carematch/gui/registry_pages.py" line="122"/>
        <location filename="../../carematch/gui/registry_pages.py" line="159"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="93"/>
        <location filename="../../carematch/gui/registry_pages.py" line="123"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="94"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="97"/>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="98"/>
        <source>总床位</source>
        <translation>Beds</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="101"/>
        <source>认知障碍床位(已占用)</source>
        <translation>Dementia beds (taken)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="109"/>
        <location filename="../../carematch/gui/registry_pages.py" line="168"/>
        <source>服务半径(公里)</source>
        <translation>Service radius (km)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="116"/>
        <location filename="../../carematch/gui/registry_pages.py" line="153"/>
        <source>已停业</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="128"/>
        <source>日供餐能力(份)</source>
        <translation>Meals a day</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="136"/>
        <source>堂食半径(公里)</source>
        <translation>Dine-in radius (km)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="144"/>
        <source>送餐半径(公里)</source>
        <translation>Delivery radius (km)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="145"/>
        <source>不送餐</source>
        <translation>no delivery</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="150"/>
        <source>供餐时段</source>
        <translation>Meal times</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="151"/>
        <source>特殊膳食</source>
        <translation>Special diets</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="161"/>
        <source>证书等级</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="162"/>
        <source>救护员证</source>
        <translation>First aid</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="163"/>
        <source>技能</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="174"/>
        <source>最大服务对象数</source>
        <translation>Most clients</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="175"/>
        <source>可服务日</source>
        <translation>Working days</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="177"/>
        <source>已离职</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="214"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="159"/>
        <source>显示已删除</source>
        <translation>Show deleted</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="222"/>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="90"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="169"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="492"/>
        <source>姓名、拼音首字母(wxy)、身份证尾号、电话</source>
        <translation>Name, pinyin initials (wxy), ID tail, phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="101"/>
        <location filename="../../carematch/gui/registry_pages.py" line="223"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="170"/>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="102"/>
        <location filename="../../carematch/gui/registry_pages.py" line="224"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="171"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/dashboard_page.py" line="103"/>
        <location filename="../../carematch/gui/registry_pages.py" line="225"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="172"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="291"/>
        <source>查找：名称、编号、村、电话</source>
        <translation>Find: name, code, village, phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="325"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="301"/>
        <source>全部乡镇(街道)</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="349"/>
        <source>共 {n} 条</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="429"/>
        <location filename="../../carematch/gui/registry_pages.py" line="439"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="483"/>
        <location filename="../../carematch/gui/gazetteer_page.py" line="493"/>
        <source>已删除“{name}”。记录仍保留，可以撤销。</source>
        <translation>Deleted “{name}”. The record is kept; you can undo this.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="505"/>
        <location filename="../../carematch/gui/registry_pages.py" line="537"/>
        <source>全部村(社区)</source>
        <translation>All villages</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="507"/>
        <source>全部能力等级</source>
        <translation>All ability levels</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="508"/>
        <source>全部保障类别</source>
        <translation>All assistance categories</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="509"/>
        <source>全部需求</source>
        <translation>All needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="510"/>
        <source>仅未匹配</source>
        <translation>Unmatched only</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="512"/>
        <source>只看还有需求没有派单的老年人</source>
        <translation>Only residents with a need that has no assignment yet</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/registry_pages.py" line="596"/>
        <source>查找：姓名、编号、村、电话</source>
        <translation>Find: name, code, village, phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="62"/>
        <source>导入{noun}</source>
        <translation>Import {noun}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="67"/>
        <source>选择 Excel（.xlsx）或 CSV 文件。表头用中文列名（如 身份证号、姓名、乡镇(街道)、村(社区)）。有问题的行会被退回并说明原因，其余的行照常导入；同一个文件导入两次不会重复登记。</source>
        <translation>Choose an Excel (.xlsx) or CSV file. Column headers are the Chinese names (such as 身份证号, 姓名, 乡镇(街道), 村(社区)) or the English field names. Rows with problems are rejected with the reason and the other rows are imported; importing the same file twice registers nobody twice.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="75"/>
        <source>文件路径</source>
        <translation>File path</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="76"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="78"/>
        <source>开始导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="89"/>
        <source>数据行</source>
        <translation>Rows</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="91"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="92"/>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="93"/>
        <source>退回</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="111"/>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="111"/>
        <source>退回原因</source>
        <translation>Reason rejected</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="126"/>
        <source>保存退回行报告…</source>
        <translation>Save rejected rows…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="130"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="136"/>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="154"/>
        <source>正在导入 {name}</source>
        <translation>Importing {name}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="178"/>
        <source>_退回的行</source>
        <translation>_rejected_rows</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="179"/>
        <source>保存退回行报告</source>
        <translation>Save the rejected rows</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="189"/>
        <source>退回的行已保存到：{path}
改正“错误原因”列所说的问题后，可直接再导入这个文件。</source>
        <translation>The rejected rows were saved to: {path}
Fix what the 错误原因 (reason) column says, then import that file again.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="201"/>
        <source>导出到文件</source>
        <translation>Export to file</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="215"/>
        <source>导出完成</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="216"/>
        <source>已导出 {n} 行到：
{path}</source>
        <translation>{n} rows exported to:
{path}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/transfer_dialogs.py" line="219"/>
        <source>正在导出 {name}</source>
        <translation>Exporting {name}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="59"/>
        <source>找不到这个文件：{path}</source>
        <translation>File not found: {path}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="61"/>
        <source>图片太大（超过 10 MB），请选一个小一些的 PNG 或 JPG 图片</source>
        <translation>The picture is too large (over 10 MB); choose a smaller PNG or JPG picture</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="66"/>
        <source>“{name}”不是 PNG 或 JPG 图片，请选择 PNG 或 JPG 格式的图标</source>
        <translation>“{name}” is not a PNG or JPG picture; choose a logo in PNG or JPG format</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="68"/>
        <source>“{name}”读不出来，文件可能已损坏，请换一个图片</source>
        <translation>“{name}” cannot be read; the file may be damaged. Choose another picture</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="153"/>
        <source>查找：乡镇、村、曾用名</source>
        <translation>Find: township, village, former name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>经度</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>纬度</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>坐标来源</source>
        <translation>Coordinate source</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="204"/>
        <source>曾用名</source>
        <translation>Former names</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="227"/>
        <source>双击一条，打开这个地名修改</source>
        <translation>Double-click an entry to edit that place</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="335"/>
        <source>没有中心坐标</source>
        <translation>No centre</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="346"/>
        <source>各村(社区)老年人口合计</source>
        <translation>Total of the villages&apos; elderly population</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="357"/>
        <source>{t} 个乡镇(街道)，{v} 个村(社区)</source>
        <translation>{t} townships, {v} villages</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="371"/>
        <source>需要核对 {n} 处（双击一条去修改）</source>
        <translation>{n} things to check (double-click one to fix it)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="374"/>
        <source>地名库检查：没有发现问题</source>
        <translation>Gazetteer check: nothing to fix</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../carematch/gui/forms.py" line="428"/>
        <source>别人已修改了这条记录</source>
        <translation>Someone else changed this record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="432"/>
        <source>未署名</source>
        <translation>unnamed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="436"/>
        <source>在您打开这条记录之后，{who} 于 {when} 保存了修改。您的修改没有保存，已保存的内容也没有被覆盖。
下表列出两边不同的内容。</source>
        <translation>After you opened this record, {who} saved a change at {when}. Your change was not saved and the saved record was not overwritten.
The table shows where the two versions differ.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="444"/>
        <source>项目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="444"/>
        <source>您的修改</source>
        <translation>Your change</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="444"/>
        <source>已保存的版本</source>
        <translation>Saved version</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="466"/>
        <source>载入已保存的版本再改</source>
        <translation>Load the saved version and edit again</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="467"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>CoordinateHelper</name>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="220"/>
        <source>粘贴坐标</source>
        <translation>Paste coordinates</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="221"/>
        <source>如 120.4301,30.7132 或 30.7132, 120.4301</source>
        <translation>e.g. 120.4301,30.7132 or 30.7132, 120.4301</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="227"/>
        <source>GPS / 手机定位</source>
        <translation>GPS / phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="228"/>
        <source>高德地图</source>
        <translation>AMap (Gaode)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="229"/>
        <source>腾讯地图</source>
        <translation>Tencent Maps</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="230"/>
        <source>百度地图</source>
        <translation>Baidu Maps</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="234"/>
        <source>坐标是从哪里复制的：高德、腾讯和百度的坐标有偏移，程序会换算成 GPS 坐标</source>
        <translation>Where the coordinates were copied from: AMap, Tencent and Baidu coordinates are shifted; the program converts them to GPS coordinates</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="236"/>
        <source>填入</source>
        <translation>Fill in</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="240"/>
        <source>在地图上选…</source>
        <translation>Pick on the map…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="271"/>
        <source>已填入 GPS(WGS-84) 坐标：经度 {lon}，纬度 {lat}</source>
        <translation>Filled in GPS (WGS-84) coordinates: longitude {lon}, latitude {lat}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="275"/>
        <source>（由{app}坐标 {shown} 换算）</source>
        <translation> (converted from {app} coordinates {shown})</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/form_fields.py" line="298"/>
        <source>已填入在地图上选的位置：经度 {lon}，纬度 {lat}</source>
        <translation>Filled in the place picked on the map: longitude {lon}, latitude {lat}</translation>
    </message>
</context>
<context>
    <name>GazetteerForm</name>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="82"/>
        <source>名称是地名库的关键字，保存后不能修改；改名请新增一条，再删除旧的</source>
        <translation>Names are the gazetteer&apos;s key and cannot change once saved; to rename, add a new entry and delete the old one</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="86"/>
        <source>县(区)属于乡镇(街道)，请在乡镇(街道)那一行修改</source>
        <translation>The county belongs to the township; change it on the township&apos;s row</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="89"/>
        <source>老年人口和曾用名登记在各村(社区)</source>
        <translation>Elderly population and former names are kept on each village</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="93"/>
        <source>留空：登记乡镇(街道)本身</source>
        <translation>Leave blank to register the township itself</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/gazetteer_page.py" line="106"/>
        <source>地名</source>
        <translation>Place</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="34"/>
        <source>修改历史：{name}</source>
        <translation>History: {name}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="39"/>
        <source>“{name}”的全部修改记录，最早的在最上面。</source>
        <translation>Every change to “{name}”, oldest first.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="42"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="42"/>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="42"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="42"/>
        <source>改动</source>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="56"/>
        <source>未署名</source>
        <translation>unnamed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/history_dialog.py" line="70"/>
        <source>（空）</source>
        <translation>(blank)</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../carematch/gui/forms.py" line="117"/>
        <source>修改{noun}</source>
        <translation>Edit — {noun}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="117"/>
        <source>新增{noun}</source>
        <translation>New — {noun}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="173"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="176"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="199"/>
        <source>老年人</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="200"/>
        <source>照护机构</source>
        <translation>Care centres</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="201"/>
        <source>助餐点</source>
        <translation>Meal points</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="202"/>
        <source>护理员</source>
        <translation>Caregivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="228"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="238"/>
        <source>18位，最后一位可为X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="240"/>
        <source>可不填：按村(社区)中心定位</source>
        <translation>Optional: placed at the village centre</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="266"/>
        <source>出生日期和性别由身份证号自动得出</source>
        <translation>Birth date and sex are read from the citizen ID</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="269"/>
        <source>按身份证号：出生日期 {birth}，性别 {sex}</source>
        <translation>From the citizen ID: born {birth}, sex {sex}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="289"/>
        <source>有 {n} 处需要改正（见红字），没有保存</source>
        <translation>{n} problem(s) to fix (in red); nothing was saved</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="390"/>
        <source>没有保存：{reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/forms.py" line="410"/>
        <source>已载入别人保存的版本，请在此基础上重新修改</source>
        <translation>The saved version is loaded; make your change again on it</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="84"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="94"/>
        <source>本站信息（打印在服务卡和派单表上）</source>
        <translation>This station (printed on service cards and assignment sheets)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="97"/>
        <source>站点名称</source>
        <translation>Station name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="97"/>
        <source>如：南浔镇居家养老服务中心</source>
        <translation>e.g. 南浔镇居家养老服务中心</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="98"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="98"/>
        <source>如：0572-3012345</source>
        <translation>e.g. 0572-3012345</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="99"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="100"/>
        <source>经度</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="100"/>
        <source>如：120.4183</source>
        <translation>e.g. 120.4183</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="101"/>
        <source>纬度</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="101"/>
        <source>如：30.8722</source>
        <translation>e.g. 30.8722</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="113"/>
        <source>联网查找地址（可选）</source>
        <translation>Online address lookup (optional)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="115"/>
        <source>地名库里找不到的地址，联网查找位置</source>
        <translation>Look up online the addresses the gazetteer does not know</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="120"/>
        <source>不联网，程序的全部功能照常使用：位置按经纬度或地名库定位。打开后，地名库里找不到的地址会发送给 OpenStreetMap 的 Nominatim 在线服务查找位置（每秒最多一次，查到的结果保存在本机，同一地址只查一次），定位后请核对。默认关闭。</source>
        <translation>The program works fully without a network: places come from coordinates or the gazetteer. When this is on, addresses the gazetteer does not know are sent to OpenStreetMap&apos;s Nominatim online service to find their place (at most once a second; answers are kept on this computer, so an address is asked once); check the place found. Off by default.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="130"/>
        <source>新登记服务机构的默认服务半径（公里）</source>
        <translation>Default service radii for new providers (km)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="133"/>
        <source>助餐点堂食半径</source>
        <translation>Meal point dine-in</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="134"/>
        <source>助餐点送餐半径</source>
        <translation>Meal point delivery</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="135"/>
        <source>照护机构服务半径</source>
        <translation>Care centre</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="136"/>
        <source>护理员服务半径</source>
        <translation>Caregiver</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="143"/>
        <source>操作员与语言</source>
        <translation>Operator and language</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="148"/>
        <source>操作员姓名</source>
        <translation>Operator name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="149"/>
        <source>记录在修改历史中</source>
        <translation>Recorded in the history</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="150"/>
        <source>每一次保存都以这个名字记入修改历史</source>
        <translation>Every save is recorded in the history under this name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="152"/>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="158"/>
        <source>自动备份</source>
        <translation>Automatic backup</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="171"/>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="175"/>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="188"/>
        <source>站点图标</source>
        <translation>Station logo</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="195"/>
        <source>选择图标…</source>
        <translation>Choose logo…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="198"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="211"/>
        <source>选择站点图标</source>
        <translation>Choose the station logo</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="211"/>
        <source>PNG 或 JPG 图片 (*.png *.jpg *.jpeg)</source>
        <translation>PNG or JPG pictures (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="223"/>
        <source>图片复制不了：{reason}</source>
        <translation>The picture could not be copied: {reason}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="226"/>
        <source>已复制到本机数据文件夹；点“保存设置”后打印时使用</source>
        <translation>Copied to this PC&apos;s data folder; printed once you click “Save settings”</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="231"/>
        <source>点“保存设置”后打印时不再印图标</source>
        <translation>No logo will be printed once you click “Save settings”</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="239"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="275"/>
        <source>图标文件找不到了：{path}，请重新选择</source>
        <translation>The logo file is missing: {path}; choose it again</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="277"/>
        <source>印在服务卡和派单表的页眉上（PNG 或 JPG）</source>
        <translation>Printed in the header of service cards and sheets (PNG or JPG)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="284"/>
        <source>数据库在服务器上，由服务器负责备份。</source>
        <translation>The database is on a server; the server takes care of backups.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="286"/>
        <source>数据库文件：{path}
每天第一次打开程序时自动备份一次。</source>
        <translation>Database file: {path}
It is backed up automatically the first time the program opens each day.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="288"/>
        <source>备份文件夹：{path}（保留最近 {n} 份）</source>
        <translation>Backup folder: {path} (the last {n} are kept)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="293"/>
        <source>最近一次备份：{day}，{size} MB；共 {n} 份</source>
        <translation>Last backup: {day}, {size} MB; {n} in all</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="298"/>
        <source>还没有自动备份</source>
        <translation>No automatic backup yet</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="337"/>
        <source>有 {n} 处需要改正，设置没有保存</source>
        <translation>{n} problem(s) to fix; the settings were not saved</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/settings_page.py" line="342"/>
        <source>设置已保存</source>
        <translation>Settings saved</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <location filename="../../carematch/gui/labels.py" line="13"/>
        <source>上门服务</source>
        <translation>Home visits</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="14"/>
        <source>上门服务项目</source>
        <translation>Home-visit services</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="15"/>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="16"/>
        <source>供餐时段</source>
        <translation>Meal times</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="17"/>
        <source>保障类别</source>
        <translation>Assistance category</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="18"/>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="19"/>
        <source>助餐</source>
        <translation>Meals</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="20"/>
        <source>县(区)</source>
        <translation>County</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="21"/>
        <source>可服务日</source>
        <translation>Working days</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="22"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="23"/>
        <source>坐标系</source>
        <translation>Coordinate system</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="24"/>
        <source>堂食半径(公里)</source>
        <translation>Dine-in radius (km)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="25"/>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="26"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="27"/>
        <source>居住情况</source>
        <translation>Living</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="28"/>
        <source>已停业</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="29"/>
        <source>已离职</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="30"/>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="31"/>
        <source>总床位</source>
        <translation>Beds</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="32"/>
        <source>所属机构</source>
        <translation>Care centre</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="33"/>
        <source>技能</source>
        <translation>Skills</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="34"/>
        <source>救护员证</source>
        <translation>First aid</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="35"/>
        <source>日供餐能力(份)</source>
        <translation>Meals a day</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="36"/>
        <source>星级</source>
        <translation>Stars</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="37"/>
        <source>是否送餐</source>
        <translation>Delivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="38"/>
        <source>最大服务对象数</source>
        <translation>Most clients</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="39"/>
        <source>服务半径(公里)</source>
        <translation>Service radius (km)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="40"/>
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="41"/>
        <source>每周上门次数</source>
        <translation>Visits a week</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="42"/>
        <source>特殊膳食</source>
        <translation>Special diets</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="43"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="44"/>
        <source>紧急联系人</source>
        <translation>Emergency contact</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="45"/>
        <source>紧急联系电话</source>
        <translation>Emergency phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="46"/>
        <source>纬度</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="47"/>
        <source>经度</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="48"/>
        <source>编号</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="49"/>
        <source>老年人口</source>
        <translation>Elderly population</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="50"/>
        <source>曾用名</source>
        <translation>Former names</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="51"/>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="52"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="53"/>
        <source>能力等级</source>
        <translation>Ability level</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="54"/>
        <source>认知障碍</source>
        <translation>Dementia</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="55"/>
        <source>认知障碍床位</source>
        <translation>Dementia beds</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="56"/>
        <source>认知障碍床位已占用</source>
        <translation>Dementia beds taken</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="57"/>
        <source>认知障碍照护</source>
        <translation>Dementia care</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="58"/>
        <source>证书等级</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="59"/>
        <source>详细地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="60"/>
        <source>身份证号</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="61"/>
        <source>送餐</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="62"/>
        <source>送餐半径(公里)</source>
        <translation>Delivery radius (km)</translation>
    </message>
</context>
<context>
    <name>values</name>
    <message>
        <location filename="../../carematch/gui/labels.py" line="66"/>
        <source>助餐</source>
        <translation>Meals</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="67"/>
        <source>助浴</source>
        <translation>Bathing</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="68"/>
        <source>助洁</source>
        <translation>Cleaning</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="69"/>
        <source>助行</source>
        <translation>Walking</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="70"/>
        <source>助医</source>
        <translation>Medical errands</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="71"/>
        <source>康复护理</source>
        <translation>Rehabilitation</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="72"/>
        <source>认知照护</source>
        <translation>Dementia care</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="73"/>
        <source>医疗护理</source>
        <translation>Nursing</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="74"/>
        <source>精神慰藉</source>
        <translation>Companionship</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="75"/>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="76"/>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="77"/>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="78"/>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="79"/>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="80"/>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="81"/>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="82"/>
        <source>午餐</source>
        <translation>Lunch</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="83"/>
        <source>晚餐</source>
        <translation>Dinner</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="84"/>
        <source>低盐</source>
        <translation>Low salt</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="85"/>
        <source>低糖</source>
        <translation>Low sugar</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="86"/>
        <source>软食</source>
        <translation>Soft</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/labels.py" line="87"/>
        <source>流食</source>
        <translation>Liquid</translation>
    </message>
</context>
</TS>
