// Back-office pages with a prison box (a training, an inmate, a product): each autocomplete
// request also names the prison chosen there, and the inmate and workshop lists answer with that
// prison's rows only (inmates.admin_utils.PrisonNarrowedAutocompleteMixin). Without a prison
// chosen, nothing is added and every row the user may see is offered.
// Registered once the page is parsed: the admin's jQuery may be loaded after this file.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  $.ajaxPrefilter(function (options) {
    const path = (options.url || "").split("?")[0];
    if (!/\/autocomplete\/$/.test(path) || typeof options.data !== "string") {
      return;
    }
    const prison = document.getElementById("id_prison");
    if (prison && /^\d+$/.test(prison.value)) {
      options.data += "&prison=" + prison.value;
    }
  });
});
