<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AssignmentsPage</name>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="191" />
        <source>派单</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="202" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="205" />
        <source>需重新匹配</source>
        <translation>Needs re-matching</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="208" />
        <source>全部服务</source>
        <translation>All services</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="215" />
        <source>姓名、拼音首字母、身份证号、村或服务机构</source>
        <translation>Name, pinyin initials, ID, village or provider</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="218" />
        <location filename="../../carematch/gui/assignments_page.py" line="229" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="219" />
        <location filename="../../carematch/gui/assignments_page.py" line="230" />
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="220" />
        <location filename="../../carematch/gui/assignments_page.py" line="233" />
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="230" />
        <source>(送餐)</source>
        <translation> (delivered)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="231" />
        <source>老年人</source>
        <translation>Resident</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="232" />
        <source>身份证号</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="234" />
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="235" />
        <source>服务机构/护理员</source>
        <translation>Provider / caregiver</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="236" />
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="237" />
        <source>更新时间</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="238" />
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="239" />
        <source>重新匹配原因</source>
        <translation>Why re-match</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="262" />
        <source>确认所选</source>
        <translation>Confirm selected</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="263" />
        <source>开始服务</source>
        <translation>Start service</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="264" />
        <source>结束服务</source>
        <translation>End service</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="265" />
        <source>取消派单</source>
        <translation>Cancel assignment</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="297" />
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="321" />
        <source>需重新匹配 {n}</source>
        <translation>Needs re-matching {n}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="323" />
        <source>显示最新的 {n} 条，可用筛选缩小范围</source>
        <translation>newest {n} shown; filter to narrow down</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="325" />
        <source>显示 {n} 条</source>
        <translation>{n} shown</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="361" />
        <source>已选 {n} 条</source>
        <translation>{n} selected</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="361" />
        <source>可按住 Ctrl 或 Shift 多选</source>
        <translation>Hold Ctrl or Shift to select several</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="385" />
        <source>……另有 {n} 条</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/assignments_page.py" line="390" />
        <source>已处理 {done} 条，{refused} 条未处理：</source>
        <translation>{done} done, {refused} not done:</translation>
    </message>
</context>
<context>
    <name>CoordinatePickerDialog</name>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="412" />
        <source>在地图上取坐标</source>
        <translation>Pick coordinates on the map</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="416" />
        <source>单击地图上的位置，再按“确定”</source>
        <translation>Click a place on the map, then press OK</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="435" />
        <source>经度, 纬度：{coords}</source>
        <translation>Longitude, latitude: {coords}</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="186" />
        <source>地图</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="203" />
        <source>全县</source>
        <translation>Whole county</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="205" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="206" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="207" />
        <source>在地图上取坐标</source>
        <translation>Pick coordinates on the map</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="210" />
        <source>滚轮缩放，按住左键拖动，单击查看记录</source>
        <translation>Wheel to zoom, drag to pan, click to see a record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="213" />
        <source>背景地图…</source>
        <translation>Background map…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="215" />
        <source>可选：显示本机的离线 MBTiles 地图文件作为底图；不选也能正常使用</source>
        <translation>Optional: show an offline MBTiles map file from this PC underneath; the map works without one</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="216" />
        <source>显示底图</source>
        <translation>Show background</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="231" />
        <source>单击地图上的点查看记录</source>
        <translation>Click a point on the map to see its record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="241" />
        <source>打开记录</source>
        <translation>Open record</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="302" />
        <source>选择离线地图文件</source>
        <translation>Choose an offline map file</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="302" />
        <source>MBTiles 地图 (*.mbtiles);;所有文件 (*)</source>
        <translation>MBTiles maps (*.mbtiles);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="309" />
        <source>背景地图</source>
        <translation>Background map</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="317" />
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="318" />
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="319" />
        <source>助餐点</source>
        <translation>Meal points</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="320" />
        <location filename="../../carematch/gui/map_page.py" line="330" />
        <source>照护机构</source>
        <translation>Care centres</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="321" />
        <source>护理员</source>
        <translation>Caregivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="322" />
        <source>老年人</source>
        <translation>Residents</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="323" />
        <source>助餐覆盖范围</source>
        <translation>Meal coverage</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="324" />
        <source>护理员服务范围</source>
        <translation>Caregiver reach</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="329" />
        <source>助餐点（实线圈：堂食半径，虚线圈：送餐半径）</source>
        <translation>Meal point (solid ring: dine-in radius, dashed: delivery radius)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="331" />
        <source>护理员（点线圈：服务半径）</source>
        <translation>Caregiver (dotted ring: service radius)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="332" />
        <source>有待匹配需求的老年人</source>
        <translation>Resident with an open need</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="333" />
        <source>需求都已派单的老年人</source>
        <translation>Resident with every need assigned</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="334" />
        <source>未登记服务需求的老年人</source>
        <translation>Resident without registered needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="372" />
        <source>单击地图取经纬度（WGS-84）</source>
        <translation>Click the map to take longitude and latitude (WGS-84)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/map_page.py" line="376" />
        <source>经度, 纬度：{coords}（已复制）</source>
        <translation>Longitude, latitude: {coords} (copied)</translation>
    </message>
</context>
<context>
    <name>MatchingPage</name>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="283" />
        <source>匹配工作台</source>
        <translation>Matching workbench</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="292" />
        <source>自动匹配全部待匹配需求…</source>
        <translation>Auto-assign all open needs…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="294" />
        <source>按最短总距离、优先照顾特困和失能老人，为所有待匹配需求给出建议</source>
        <translation>Proposes a provider for every open need: shortest total distance, the poorest and most impaired first</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="327" />
        <source>姓名、拼音首字母、身份证后4位、电话</source>
        <translation>Name, pinyin initials, last 4 of ID, phone</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="331" />
        <source>全部需求</source>
        <translation>All needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="334" />
        <source>只看有待匹配需求的</source>
        <translation>Only residents with open needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="371" />
        <source>已有派单</source>
        <translation>Current assignments</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="376" />
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="376" />
        <location filename="../../carematch/gui/matching_page.py" line="415" />
        <source>服务机构/护理员</source>
        <translation>Provider / caregiver</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="376" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="376" />
        <location filename="../../carematch/gui/matching_page.py" line="416" />
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="386" />
        <source>确认派单</source>
        <translation>Confirm assignment</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="388" />
        <source>取消派单</source>
        <translation>Cancel assignment</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="396" />
        <source>可选的服务机构（由近到远）</source>
        <translation>Providers, nearest first</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="399" />
        <source>服务需求</source>
        <translation>Need</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="414" />
        <source>可派</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="417" />
        <source>剩余名额</source>
        <translation>Room left</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="419" />
        <source>技能/方式</source>
        <translation>Skills / how</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="684" />
        <source>没有符合条件的服务机构，原因见表中</source>
        <translation>No eligible provider; the table says why</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="418" />
        <source>不符合的原因</source>
        <translation>Why not eligible</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="434" />
        <source>派给所选（待确认）</source>
        <translation>Assign (proposed)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="436" />
        <source>派给所选并确认</source>
        <translation>Assign and confirm</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="489" />
        <location filename="../../carematch/gui/matching_page.py" line="564" />
        <source>无服务需求</source>
        <translation>no service needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="499" />
        <source>共 {total} 人，显示前 {shown} 人</source>
        <translation>{total} residents, first {shown} shown</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="501" />
        <source>共 {total} 人</source>
        <translation>{total} residents</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="522" />
        <source>请在左边查找并选择一位老年人</source>
        <translation>Find and choose a resident on the left</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="523" />
        <source>可以输入姓名、拼音首字母（如 zxy）、身份证号后几位或电话。</source>
        <translation>Type a name, pinyin initials (such as zxy), the last digits of the ID, or a phone number.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="548" />
        <source>优先级 {w}</source>
        <translation>priority {w}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="552" />
        <source>认知障碍</source>
        <translation>dementia</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="558" />
        <source>上门：{skills}，每周 {n} 次</source>
        <translation>home visits: {skills}, {n} a week</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="595" />
        <source>（需重新匹配）</source>
        <translation> (needs re-matching)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="561" />
        <location filename="../../carematch/gui/matching_page.py" line="597" />
        <source>(送餐)</source>
        <translation> (delivered)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="404" />
        <source>也显示不符合条件的</source>
        <translation>Show ineligible ones too</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="463" />
        <source>★ 老年人　绿线：可派　灰线：不可派</source>
        <translation>★ resident · green: eligible · grey: not</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="621" />
        <source>这位老人没有登记服务需求</source>
        <translation>This resident has no registered needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="657" />
        <source>送餐</source>
        <translation>delivered</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="657" />
        <source>堂食</source>
        <translation>dine-in</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="682" />
        <source>符合条件的有 {n} 家</source>
        <translation>{n} eligible</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="731" />
        <location filename="../../carematch/gui/matching_page.py" line="751" />
        <location filename="../../carematch/gui/matching_page.py" line="767" />
        <source>派单</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="732" />
        <source>{provider}不符合条件：{reasons}
仍然派给它吗？</source>
        <translation>{provider} is not eligible: {reasons}
Assign it anyway?</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="801" />
        <source>正在计算最优匹配…</source>
        <translation>Computing the best matching…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="804" />
        <source>自动匹配全部待匹配需求</source>
        <translation>Auto-assign all open needs</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="814" />
        <source>自动匹配已取消，没有保存任何改动</source>
        <translation>Auto-assign cancelled; nothing was saved</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="818" />
        <source>自动匹配没有完成</source>
        <translation>Auto-assign did not finish</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="819" />
        <location filename="../../carematch/gui/matching_page.py" line="863" />
        <source>自动匹配</source>
        <translation>Auto-assign</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="824" />
        <source>建议 {n} 条，无法匹配 {m} 条</source>
        <translation>{n} proposed, {m} cannot be matched</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="844" />
        <source>正在保存派单…</source>
        <translation>Saving assignments…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="847" />
        <source>保存派单</source>
        <translation>Saving assignments</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="857" />
        <source>已保存 {n} 条建议，其中确认 {c} 条</source>
        <translation>Saved {n} proposals, {c} of them confirmed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="864" />
        <source>{n} 条没有确认：</source>
        <translation>{n} were not confirmed:</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="184" />
        <source>打印中心</source>
        <translation>Print centre</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="194" />
        <source>打印什么</source>
        <translation>What to print</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="199" />
        <location filename="../../carematch/gui/print_page.py" line="481" />
        <source>养老服务卡</source>
        <translation>Service cards</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="199" />
        <source>每页 8 张，带裁切线，给已确认服务的老人</source>
        <translation>Eight to a page with cut marks, for residents with confirmed services</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="200" />
        <location filename="../../carematch/gui/print_page.py" line="481" />
        <source>派单表</source>
        <translation>Assignment sheets</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="200" />
        <source>每个服务机构/护理员一节，含上门顺序和签字栏</source>
        <translation>One section per provider, with visiting order and signature column</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="201" />
        <location filename="../../carematch/gui/print_page.py" line="481" />
        <source>覆盖情况报告</source>
        <translation>Coverage report</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="201" />
        <source>各乡镇的覆盖率、床位和护理员指标，附图表</source>
        <translation>Coverage, beds and caregiver figures per township, with charts</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="212" />
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="224" />
        <source>双面（背面按长边翻转对齐）</source>
        <translation>Two-sided (backs aligned for long-edge flip)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="226" />
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="227" />
        <source>服务机构</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="228" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="233" />
        <source>生成预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="236" />
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="238" />
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="245" />
        <source>选好内容和范围，按“生成预览”</source>
        <translation>Choose what and for whom, then press Preview</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="262" />
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="263" />
        <source>整页</source>
        <translation>Whole page</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="270" />
        <source>这里显示要打印的页面。
在左边选好内容和范围，再按“生成预览”。</source>
        <translation>The pages to print appear here.
Choose what and for whom on the left, then press Preview.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="325" />
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="339" />
        <source>全部服务机构和护理员</source>
        <translation>All providers and caregivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="340" />
        <source>助餐点</source>
        <translation>Meal points</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="340" />
        <source>照护机构</source>
        <translation>Care centres</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="340" />
        <source>护理员</source>
        <translation>Caregivers</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="390" />
        <source>正在生成…</source>
        <translation>Producing…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="392" />
        <source>生成打印预览</source>
        <translation>Producing the print preview</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="402" />
        <source>无法打开生成的 PDF：{path}</source>
        <translation>Cannot open the PDF produced: {path}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="408" />
        <source>共 {n} 页</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="409" />
        <source>预览已生成，可以打印或另存为 PDF</source>
        <translation>Preview ready: print it or save it as PDF</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="415" />
        <source>没有生成预览</source>
        <translation>No preview was produced</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="416" />
        <location filename="../../carematch/gui/print_page.py" line="446" />
        <location filename="../../carematch/gui/print_page.py" line="449" />
        <location filename="../../carematch/gui/print_page.py" line="464" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="420" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="443" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="455" />
        <source>已发送 {n} 页到打印机</source>
        <translation>{n} pages sent to the printer</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="475" />
        <source>已保存：{path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="485" />
        <location filename="../../carematch/gui/print_page.py" line="492" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/print_page.py" line="485" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ProposalReviewDialog</name>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="134" />
        <source>自动匹配结果</source>
        <translation>Auto-assign result</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="139" />
        <source>建议派单 {n} 条，仍无法匹配 {m} 条。勾选的将直接确认，其余保存为“待确认”，可在派单页处理。</source>
        <translation>{n} proposals; {m} needs still cannot be matched. Ticked proposals are confirmed now; the rest are saved as proposed for the Assignments page.</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="149" />
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="150" />
        <location filename="../../carematch/gui/matching_page.py" line="201" />
        <source>老年人</source>
        <translation>Resident</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="151" />
        <source>身份证号</source>
        <translation>Citizen ID</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="152" />
        <location filename="../../carematch/gui/matching_page.py" line="201" />
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="153" />
        <source>服务机构/护理员</source>
        <translation>Provider / caregiver</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="154" />
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="155" />
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="163" />
        <source>(送餐)</source>
        <translation> (delivered)</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="188" />
        <source>全选</source>
        <translation>Tick all</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="189" />
        <source>全不选</source>
        <translation>Tick none</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="196" />
        <source>建议派单 ({n})</source>
        <translation>Proposals ({n})</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="201" />
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="201" />
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="201" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="212" />
        <source>无法匹配 ({n})</source>
        <translation>Cannot be matched ({n})</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="217" />
        <source>保存并确认勾选的</source>
        <translation>Save and confirm the ticked ones</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="220" />
        <source>全部保存为待确认</source>
        <translation>Save all as proposed</translation>
    </message>
    <message>
        <location filename="../../carematch/gui/matching_page.py" line="222" />
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
</context>
</TS>