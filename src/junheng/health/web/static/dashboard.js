/* health dashboard page charts. Data: #page-data (the page's chart data). */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var colors = {'优秀':'#1e8e3e','良好':'#1f5f99','及格':'#d6a510','不及格':'#c0392b'};
  var levels = ['优秀','良好','及格','不及格'], sexes = Object.keys(d.counts_by_sex);
  junheng.chart('chart-levels', {tooltip:{trigger:'axis', axisPointer:{type:'shadow'}}, legend:{bottom:0}, grid:{left:50,right:10,top:20,bottom:50},
    xAxis:{type:'category', data:levels}, yAxis:{type:'value', name:'人'},
    series:['男','女'].map(function(s){ return {name:s+'生', type:'bar', barMaxWidth:40, itemStyle:{color:s === '男' ? '#1f5f99' : '#d6618f'}, data:levels.map(function(l){return d.counts_by_sex[s][l];}),
      label:{show:true, position:'top'}}; })});
  junheng.chart('chart-trend', {tooltip:{trigger:'axis', valueFormatter:function(v){return (v*100).toFixed(1)+'%';}}, legend:{bottom:0}, grid:{left:50,right:20,top:20,bottom:50},
    xAxis:{type:'category', data:d.trend.map(function(r){return r.year+'学年';})}, yAxis:{type:'value', max:1, axisLabel:{formatter:function(v){return v*100+'%';}}},
    series:[{name:'及格率', type:'line', symbolSize:9, data:d.trend.map(function(r){return r.pass_rate;}), itemStyle:{color:'#1e8e3e'},
              label:{show:true, formatter:function(p){return (p.value*100).toFixed(1)+'%';}}},
            {name:'优秀率', type:'line', symbolSize:9, data:d.trend.map(function(r){return r.excellent_rate;}), itemStyle:{color:'#1f5f99'},
              label:{show:true, formatter:function(p){return (p.value*100).toFixed(1)+'%';}}}]});
  junheng.chart('chart-grades', {tooltip:{trigger:'axis', valueFormatter:function(v){return (v*100).toFixed(1)+'%';}}, legend:{bottom:0}, grid:{left:50,right:10,top:20,bottom:50},
    xAxis:{type:'category', data:d.grades.map(function(r){return r.label;}), axisLabel:{interval:0}}, yAxis:{type:'value', max:1, axisLabel:{formatter:function(v){return v*100+'%';}}},
    series:[{name:'及格率', type:'bar', barMaxWidth:28, data:d.grades.map(function(r){return r.pass_rate;}), itemStyle:{color:'#1e8e3e'}},
            {name:'优秀率', type:'bar', barMaxWidth:28, data:d.grades.map(function(r){return r.excellent_rate;}), itemStyle:{color:'#1f5f99'}}]});
  var items = d.items.slice().reverse();
  junheng.chart('chart-items', {tooltip:{}, grid:{left:10,right:40,top:10,bottom:20,containLabel:true}, xAxis:{type:'value', max:100},
    yAxis:{type:'category', data:items.map(function(i){return i.label;})},
    series:[{type:'bar', barMaxWidth:22, data:items.map(function(i){return i.mean;}), itemStyle:{color:'#1f5f99'}, label:{show:true, position:'right'}}]});
});
