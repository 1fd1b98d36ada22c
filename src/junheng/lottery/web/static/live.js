/* The projected draw: reveals the admitted applicants one tile at a time (play/pause, speed, all at once, full screen).
   Data: #page-data {live, multi}. */
junheng.ready(function () {
  var d = junheng.data();
  if (!d) return;
  var data = d.live, multi = d.multi, shown = 0, timer = null;
  var tiles = document.getElementById('tiles'), count = document.getElementById('count');
  var play = document.getElementById('play');
  function reveal() {
    if (shown >= data.admitted.length) { stop(); document.getElementById('done').style.display = 'block'; return; }
    var a = data.admitted[shown++], el = document.createElement('div');
    el.className = 'tile t' + Math.min(a.tier, 3);
    el.innerHTML = '<div class="no"></div><div class="meta"></div>';
    el.querySelector('.no').textContent = a.id;
    el.querySelector('.meta').textContent = '抽签号 ' + a.number + ' · 第 ' + a.tier + ' 档' + (a.group ? ' · 同胞组' : '') +
      (multi ? ' · ' + a.school : '');
    tiles.appendChild(el);
    count.textContent = shown;
    el.scrollIntoView({block: 'nearest'});
  }
  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = shown >= data.admitted.length ? '已全部揭晓' : '继续揭晓';
  }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    timer = setInterval(reveal, +document.getElementById('speed').value);
    play.textContent = '暂停';
  });
  document.getElementById('all').addEventListener('click', function () {
    stop();
    while (shown < data.admitted.length) reveal();
    reveal();
  });
  document.getElementById('full').addEventListener('click', function () {
    var s = document.getElementById('stage');
    if (s.requestFullscreen) s.requestFullscreen();
  });
});
