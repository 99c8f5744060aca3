(function(){
  var state={status:'all',tag:''};
  function apply(){
    var shown=0;
    document.querySelectorAll('details.scenario').forEach(function(d){
      var ok=(state.status==='all'||d.dataset.status===state.status)&&
             (!state.tag||(' '+d.dataset.tags+' ').indexOf(' '+state.tag+' ')>=0);
      d.classList.toggle('hidden',!ok); if(ok) shown++;
    });
    document.querySelectorAll('section.feature').forEach(function(f){
      f.classList.toggle('hidden',!f.querySelector('details.scenario:not(.hidden)'));
    });
    document.querySelectorAll('tr.statement').forEach(function(r){
      r.classList.toggle('hidden',!!state.tag&&(' '+r.dataset.tags+' ').indexOf(' '+state.tag+' ')<0&&r.dataset.id!==state.tag);
    });
    document.querySelectorAll('table.matrix tbody').forEach(function(b){
      b.classList.toggle('hidden',!b.querySelector('tr.statement:not(.hidden)'));
    });
    var c=document.getElementById('shown'); if(c) c.textContent=shown;
    document.querySelectorAll('.filters button[data-status]').forEach(function(b){
      b.setAttribute('aria-pressed', b.dataset.status===state.status?'true':'false');
    });
    var s=document.getElementById('tag-filter'); if(s&&s.value!==state.tag) s.value=state.tag;
  }
  document.querySelectorAll('.filters button[data-status]').forEach(function(b){
    b.addEventListener('click',function(){state.status=b.dataset.status;apply();});
  });
  var sel=document.getElementById('tag-filter');
  if(sel) sel.addEventListener('change',function(){state.tag=sel.value;apply();});
  document.querySelectorAll('.tag[data-tag]').forEach(function(t){
    t.addEventListener('click',function(ev){ev.preventDefault();state.tag=t.dataset.tag;apply();
      document.getElementById('scenarios').scrollIntoView();});
  });
  var reset=document.getElementById('reset');
  if(reset) reset.addEventListener('click',function(){state={status:'all',tag:''};apply();});
  document.querySelectorAll('figure img').forEach(function(i){
    i.addEventListener('click',function(){i.classList.toggle('zoom');});
  });
  apply();
})();
