/* The 整改台账 dashboard: items by status (ring), by category (stacked bars), overdue items per unit, and age.
   Data: #page-data (chart). */
junheng.ready(function () {
  var data = junheng.data();
  if (!data) return;
  var colors = {'待整改': '#8c9aab', '整改中': '#1f5f99', '待验收': '#d68910', '逾期': '#c0392b', '已销号': '#1e8e3e'};
  junheng.chart('chart-status', {tooltip: {trigger: 'item', formatter: '{b}：{c} 项（{d}%）'}, legend: {bottom: 0},
    series: [{type: 'pie', radius: ['40%', '68%'],
      data: data.status.filter(function (x) { return x[1] > 0; }).map(function (x) {
        return {name: x[0], value: x[1], itemStyle: {color: colors[x[0]]}};
      }), label: {formatter: '{b}\n{c} 项'}}]});
  junheng.chart('chart-category', {tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}}, legend: {bottom: 0},
    grid: {left: 50, right: 10, top: 20, bottom: 60}, xAxis: {type: 'category', data: data.categories, axisLabel: {interval: 0}},
    yAxis: {type: 'value', minInterval: 1, name: '项'},
    series: data.by_category.map(function (x) {
      return {name: x[0], type: 'bar', stack: 'all', barMaxWidth: 48, itemStyle: {color: colors[x[0]]}, data: x[1]};
    })});
  var units = data.overdue_units.slice().reverse();
  var overdue = document.getElementById('chart-overdue');
  if (units.length) {
    junheng.chart(overdue, {tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}},
      grid: {left: 10, right: 40, top: 10, bottom: 20, containLabel: true},
      xAxis: {type: 'value', minInterval: 1}, yAxis: {type: 'category', data: units.map(function (x) { return x[0]; })},
      series: [{type: 'bar', barMaxWidth: 28, data: units.map(function (x) { return x[1]; }), itemStyle: {color: '#c0392b'},
        label: {show: true, position: 'right'}}]});
  } else if (overdue) {
    overdue.innerHTML = '<p class="pass" style="padding:20px">没有逾期事项。</p>';
    overdue.style.height = 'auto';
  }
  junheng.chart('chart-age', {tooltip: {}, grid: {left: 40, right: 10, top: 20, bottom: 30},
    xAxis: {type: 'category', data: data.ages.map(function (x) { return x[0]; })}, yAxis: {type: 'value', minInterval: 1, name: '项'},
    series: [{type: 'bar', barMaxWidth: 64, data: data.ages.map(function (x) { return x[1]; }), itemStyle: {color: '#1f5f99'},
      label: {show: true, position: 'top'}}]});
});
