/* health registers page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  junheng.chart('chart-aid', {tooltip:{trigger:'item', formatter:'{b}：{c} 元（{d}%）'}, legend:{bottom:0},
    series:[{type:'pie', radius:['40%','68%'], data:d.aid_types.map(function(r){return {name:r.aid_type, value:r.amount};})}]});
  var colors = {'随班就读':'#1e8e3e','送教上门':'#1f5f99','特教学校':'#d68910','未入学':'#c0392b'};
  junheng.chart('chart-placement', {tooltip:{trigger:'item', formatter:'{b}：{c} 人（{d}%）'}, legend:{bottom:0},
    series:[{type:'pie', radius:['40%','68%'], data:Object.keys(d.placements).map(function(k){return {name:k, value:d.placements[k], itemStyle:{color:colors[k]}};}), label:{formatter:'{b}\n{c} 人'}}]});
});
