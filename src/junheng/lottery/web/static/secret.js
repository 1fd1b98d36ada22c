/* The secret page: 保存为文本文件 builds the text file in the browser. The secret itself stays in the page's
   #page-data block {secret, commitment, lottery_id}, never in this cached file. */
junheng.ready(function () {
  var d = junheng.data();
  var button = document.getElementById('save-secret');
  if (!d || !button) return;
  button.addEventListener('click', function () {
    var text = '派位秘密（抽签前保密）：' + d.secret + '\n承诺值（已公布）：' + d.commitment + '\n';
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], {type: 'text/plain;charset=utf-8'}));
    a.download = '派位秘密-' + d.lottery_id + '.txt';
    a.click();
  });
});
