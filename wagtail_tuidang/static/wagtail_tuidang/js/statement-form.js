/*
 * wagtail-tuidang statement form: progressive enhancement, no dependencies.
 *
 * A second click on "send" while the first sending is under way makes the
 * browser drop the first answer, the one with the receipt code. The server
 * stores the statement once either way, but the person would then see "already
 * received" instead of their code. So a second sending within a few seconds
 * is ignored; after that it goes through (a stalled connection must not block
 * the form), and the server still stores one statement.
 */
(function () {
    "use strict";

    var GUARD_MILLISECONDS = 10000;

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form.matches || !form.matches("form[data-td-statement-form]")) {
            return;
        }
        var sentAt = Number(form.dataset.tdSentAt || 0);
        if (Date.now() - sentAt < GUARD_MILLISECONDS) {
            event.preventDefault();
            return;
        }
        form.dataset.tdSentAt = String(Date.now());
    });

    // A page restored from the back-forward cache may send again at once.
    window.addEventListener("pageshow", function (event) {
        if (!event.persisted) {
            return;
        }
        document.querySelectorAll("form[data-td-statement-form]").forEach(function (form) {
            delete form.dataset.tdSentAt;
        });
    });
})();
