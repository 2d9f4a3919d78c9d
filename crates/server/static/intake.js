// Progressive enhancement for the intake form: preselect the reader's time zone for the moment
// the organisation became aware of a breach. The form works without it (UTC is preselected).
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.getElementById("utc_offset");
  var when = document.getElementById("breach_aware_at");
  if (!zone || (when && when.value)) {
    return;
  }
  var minutes = String(-new Date().getTimezoneOffset());
  for (var i = 0; i < zone.options.length; i++) {
    if (zone.options[i].value === minutes) {
      zone.selectedIndex = i;
    }
  }
});
