/*
 * wagtail-tuidang share bars: progressive enhancement, no dependencies.
 *
 * Without this script every share bar is a list of plain links that work.
 * With it, a "Copy link" button appears, and a "Share…" button too where the
 * browser has the Web Share API (navigator.share). Nothing is fetched.
 */
(function () {
    "use strict";

    var STATUS_SECONDS = 6;

    function copyWithSelection(text) {
        // For browsers without the asynchronous Clipboard API, or where it is
        // refused (insecure origins): copy from a temporary, off-screen field.
        var field = document.createElement("textarea");
        field.value = text;
        field.setAttribute("readonly", "");
        field.style.position = "fixed";
        field.style.left = "-9999px";
        document.body.appendChild(field);
        field.select();
        var copied = false;
        try {
            copied = document.execCommand("copy");
        } catch (error) {
            copied = false;
        }
        document.body.removeChild(field);
        return copied;
    }

    function copyText(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text).then(
                function () { return true; },
                function () { return copyWithSelection(text); }
            );
        }
        return Promise.resolve(copyWithSelection(text));
    }

    function announce(bar, message) {
        var status = bar.querySelector(".td-share__status");
        if (!status) {
            return;
        }
        status.textContent = message;
        window.clearTimeout(status.tdTimer);
        status.tdTimer = window.setTimeout(function () {
            status.textContent = "";
        }, STATUS_SECONDS * 1000);
    }

    function showLinkToCopy(bar) {
        var field = bar.querySelector(".td-share__url");
        if (field) {
            field.hidden = false;
            field.focus();
            field.select();
        }
    }

    function enableCopy(bar, url) {
        var item = bar.querySelector("[data-td-share-copy]");
        if (!item) {
            return;
        }
        var status = bar.querySelector(".td-share__status");
        item.hidden = false;
        item.querySelector("button").addEventListener("click", function () {
            copyText(url).then(function (copied) {
                if (copied) {
                    announce(bar, status.getAttribute("data-copied"));
                } else {
                    announce(bar, status.getAttribute("data-failed"));
                    showLinkToCopy(bar);
                }
            });
        });
    }

    function enableNativeShare(bar, url, title) {
        var item = bar.querySelector("[data-td-share-native]");
        if (!item || typeof navigator.share !== "function") {
            return;
        }
        item.hidden = false;
        item.querySelector("button").addEventListener("click", function () {
            // A person closing the share sheet rejects the promise: not an error.
            navigator.share({title: title, url: url}).catch(function () {});
        });
    }

    function enhance(bar) {
        if (bar.hasAttribute("data-td-share-ready")) {
            return;
        }
        bar.setAttribute("data-td-share-ready", "");
        var url = bar.getAttribute("data-url");
        var title = bar.getAttribute("data-title");
        enableCopy(bar, url);
        enableNativeShare(bar, url, title);
    }

    function enhanceAll() {
        document.querySelectorAll("[data-td-share]").forEach(enhance);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", enhanceAll);
    } else {
        enhanceAll();
    }
}());
