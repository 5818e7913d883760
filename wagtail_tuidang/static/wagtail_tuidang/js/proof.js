/*
 * wagtail-tuidang proof of work: starts the vendored ALTCHA widget on each
 * statement form once the page has loaded, with its PBKDF2 worker served by
 * the site itself. The person never has to click anything: the challenge is
 * solved while they write, and the form sends whatever the state (an
 * unsolved proof only flags the statement for moderators).
 */
const ALGORITHM = "PBKDF2/SHA-256";

function start(widget) {
    const worker = widget.dataset.tdWorker;
    if (!globalThis.$altcha.algorithms.has(ALGORITHM)) {
        globalThis.$altcha.algorithms.set(ALGORITHM, () => new Worker(worker));
    }
    widget.configure({
        hideFooter: true,
        hideLogo: true,
        minDuration: 0,
        strings: {
            label: widget.dataset.tdVerifying,
            verifying: widget.dataset.tdVerifying,
            verified: widget.dataset.tdVerified,
        },
    });
    widget.verify();
}

function startAll() {
    if (!globalThis.$altcha || !window.Worker || !window.crypto || !crypto.subtle) {
        return; // an old browser sends the form without a proof
    }
    document.querySelectorAll("altcha-widget[data-td-proof]").forEach((widget) => {
        customElements.whenDefined("altcha-widget").then(() => start(widget));
    });
}

startAll();
