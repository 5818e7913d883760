/*
 * wagtail-tuidang quick exit: leave the page at once, no dependencies.
 *
 * Without this script "Leave this page" is a plain link to the exit page.
 * With it, the link and Esc pressed twice replace the current history entry
 * (location.replace), so the back button does not return here, and the page
 * is hidden while the exit page loads. Nothing is fetched.
 */
(function () {
    "use strict";

    if (window.tdQuickExitReady) {
        return;
    }
    window.tdQuickExitReady = true;

    // Two presses of Esc within this many milliseconds leave the page.
    var PRESS_WINDOW_MS = 2000;
    var lastEscape = 0;

    function exitLink() {
        return document.querySelector("[data-td-quick-exit-link]");
    }

    function leave(url) {
        document.title = "";
        document.body.hidden = true;
        window.location.replace(url);
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("[data-td-quick-exit-link]");
        // A click with a modifier opens a tab or window, as the person asked.
        if (!link || event.button !== 0 || event.ctrlKey || event.metaKey ||
                event.shiftKey || event.altKey) {
            return;
        }
        event.preventDefault();
        leave(link.href);
    });

    document.addEventListener("keydown", function (event) {
        // Esc also cancels a word being composed with an input method (as
        // Chinese is typed): that press does not count.
        if (event.key !== "Escape" || event.isComposing || event.keyCode === 229) {
            return;
        }
        var link = exitLink();
        if (!link) {
            return;
        }
        var now = Date.now();
        if (now - lastEscape <= PRESS_WINDOW_MS) {
            lastEscape = 0;
            leave(link.href);
        } else {
            lastEscape = now;
        }
    });

    function showHint() {
        var hint = document.querySelector("[data-td-quick-exit-hint]");
        var link = exitLink();
        if (!hint || !link) {
            return;
        }
        hint.id = hint.id || "td-quick-exit-hint";
        hint.hidden = false;
        link.setAttribute("aria-describedby", hint.id);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", showHint);
    } else {
        showHint();
    }
}());
