/* The exam overview: school means against the county, score bands, box plots and the index ranking.
   Data: #page-data {schools, county, own, named, bands, boxes, index_ranking}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var schools = d.schools, county = d.county, own = d.own || '';
  var bars = d.named ? schools : [{school: '全县', school_id: '', mean: county.mean}].concat(schools);
  var colour = function (r) { return r.school_id === own ? '#d68910' : '#1f5f99'; };
  junheng.chart('chart-schools', {tooltip: {trigger: 'axis'}, grid: {left: 50, right: 70, top: 30, bottom: bars.length > 8 ? 110 : 40},
    xAxis: {type: 'category', data: bars.map(function (r) { return r.school; }), axisLabel: {rotate: bars.length > 8 ? 45 : 0, interval: 0, fontSize: 11}},
    yAxis: {type: 'value', name: '平均分'},
    series: [{type: 'bar', name: '平均分', barMaxWidth: 48,
      data: bars.map(function (r) {
        return {value: r.mean === null ? null : +r.mean.toFixed(2), itemStyle: {color: r.school_id === '' ? '#9fb6cd' : colour(r)}};
      }),
      markLine: {symbol: 'none', label: {formatter: '全县 {c}'}, lineStyle: {color: '#c0392b', type: 'dashed'}, data: [{yAxis: +(county.mean || 0).toFixed(2)}]}}]});

  var b = d.bands;
  var series = [{type: 'bar', name: '全县', data: b.county, itemStyle: {color: '#9fb6cd'}}];
  if (b.school) series.push({type: 'line', name: b.school_name, data: b.school, itemStyle: {color: '#c0392b'}, symbolSize: 6});
  junheng.chart('chart-bands', {tooltip: {trigger: 'axis', valueFormatter: function (v) { return v + '%'; }}, legend: {top: 0},
    grid: {left: 45, right: 15, top: 35, bottom: 55},
    xAxis: {type: 'category', data: b.labels, name: '分', axisLabel: {rotate: 40, fontSize: 11}}, yAxis: {type: 'value', name: '人数占比（%）'},
    series: series});

  var box = d.boxes;
  junheng.chart('chart-box', {tooltip: {trigger: 'item'}, grid: {left: 45, right: 15, top: 20, bottom: box.names.length > 8 ? 110 : 40},
    xAxis: {type: 'category', data: box.names, axisLabel: {rotate: box.names.length > 8 ? 45 : 0, interval: 0, fontSize: 11}},
    yAxis: {type: 'value', name: '分'},
    series: [{type: 'boxplot', data: box.values.map(function (v, i) {
      return {value: v, itemStyle: {color: i === 0 ? '#fdebd0' : '#eaf2fb', borderColor: i === 0 ? '#d68910' : '#1f5f99'}};
    })}]});

  var idx = d.index_ranking.slice().reverse();
  junheng.chart('chart-index', {tooltip: {trigger: 'axis'}, grid: {left: 170, right: 50, top: 10, bottom: 25},
    xAxis: {type: 'value', name: '综合指数'},
    yAxis: {type: 'category', data: idx.map(function (r) { return '第' + r.index_rank + ' ' + r.school; }), axisLabel: {fontSize: 11}},
    series: [{type: 'bar', barMaxWidth: 28, data: idx.map(function (r) {
      return {value: r.index === null ? null : +r.index.toFixed(2), itemStyle: {color: colour(r)}};
    }), label: {show: true, position: 'right', fontSize: 10}}]});
});
