/*
 * Click-to-load embeds (ArticleBodyBlock "embed"). The page ships only a
 * placeholder and a link to the original; nothing is requested from the
 * provider until the reader presses "Load". Then this swaps in the frame.
 * Without this script the link still opens the original.
 */
(function () {
    "use strict";
    if (window.tuidangEmbeds) {
        return; // linked once per embed block; run once per page
    }
    window.tuidangEmbeds = true;

    function load(figure) {
        var frame = document.createElement("iframe");
        frame.src = figure.getAttribute("data-embed-src");
        frame.title = figure.getAttribute("data-embed-title") || "";
        frame.className = "td-embed__frame";
        frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
        frame.allowFullscreen = true;
        // The reader chose to load it: players refuse to play without at
        // least the site's origin, and get nothing more.
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        figure.replaceChildren(frame);
        figure.classList.add("td-embed--loaded");
        frame.focus();
    }

    function enable() {
        var figures = document.querySelectorAll("figure[data-embed-src]");
        Array.prototype.forEach.call(figures, function (figure) {
            var button = figure.querySelector("[data-embed-load]");
            if (!button) {
                return;
            }
            button.hidden = false;
            button.addEventListener("click", function () {
                load(figure);
            });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", enable);
    } else {
        enable();
    }
})();
