// Booth mode: statements typed with no connection, kept encrypted on this
// device, and sent once the connection returns, each exactly once.
//
// The key: PBKDF2-SHA-256 over the passphrase the volunteer types here and a
// random salt kept on the device, giving an AES-GCM key that is not
// extractable. It lives in this page's memory only: it is never stored,
// never sent, and gone when the page closes or the volunteer locks it.
// IndexedDB holds, per entry, its idempotency key (a random UUID), a state
// and the ciphertext of everything typed; the entry's key is the cipher's
// additional data, so a ciphertext cannot be passed off as another entry.
(function () {
  "use strict";
  var root = document.querySelector("[data-td-booth]");
  var messagesNode = document.getElementById("td-booth-messages");
  if (!root || !messagesNode) {
    return;
  }
  var T = JSON.parse(messagesNode.textContent);
  var DB_NAME = "wagtail-tuidang-booth";
  var ITERATIONS = 600000;
  var MIN_PASSPHRASE = 8;
  var RETRY_FIRST = 2000;
  var RETRY_MAX = 60000;
  var CHECK = "wagtail-tuidang-booth";
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  var status = root.querySelector("[data-td-status]");
  var loginNote = root.querySelector("[data-td-login]");
  var unlockForm = root.querySelector("[data-td-unlock]");
  var desk = root.querySelector("[data-td-desk]");
  var entryForm = root.querySelector("[data-td-entry-form]");
  var list = root.querySelector("[data-td-entries]");
  var keepBox = root.querySelector("[data-td-keep]");

  var key = null;
  var db = null;
  var sending = false;
  var sendAgain = false;
  var retryDelay = RETRY_FIRST;
  var retryTimer = null;

  function say(text) {
    status.textContent = text;
  }

  if (!window.indexedDB || !window.crypto || !crypto.subtle || !crypto.randomUUID) {
    say(T.unsupported);
    return;
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(root.getAttribute("data-worker-url"), {
        scope: root.getAttribute("data-scope"),
      })
      .catch(function () {
        // Without a worker the page still works while it stays open.
      });
  }

  // IndexedDB, in promises ----------------------------------------------------

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () {
        resolve(req.result);
      };
      req.onerror = function () {
        reject(req.error);
      };
    });
  }

  function openDb() {
    var req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = function () {
      req.result.createObjectStore("meta", { keyPath: "name" });
      req.result.createObjectStore("entries", { keyPath: "key" });
    };
    return request(req);
  }

  function store(name, mode) {
    return db.transaction(name, mode || "readonly").objectStore(name);
  }

  function getMeta(name) {
    return request(store("meta").get(name));
  }

  function putMeta(record) {
    return request(store("meta", "readwrite").put(record));
  }

  function allEntries() {
    return request(store("entries").getAll());
  }

  function putEntry(record) {
    return request(store("entries", "readwrite").put(record));
  }

  function deleteEntry(entryKey) {
    return request(store("entries", "readwrite").delete(entryKey));
  }

  // WebCrypto -----------------------------------------------------------------

  function deriveKey(passphrase, salt, iterations) {
    return crypto.subtle
      .importKey("raw", encoder.encode(passphrase), "PBKDF2", false, ["deriveKey"])
      .then(function (material) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", salt: salt, iterations: iterations, hash: "SHA-256" },
          material,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"]
        );
      });
  }

  function seal(value, label) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    return crypto.subtle
      .encrypt(
        { name: "AES-GCM", iv: iv, additionalData: encoder.encode(label) },
        key,
        encoder.encode(JSON.stringify(value))
      )
      .then(function (data) {
        return { iv: iv, data: data };
      });
  }

  function open(sealed, label) {
    return crypto.subtle
      .decrypt(
        { name: "AES-GCM", iv: sealed.iv, additionalData: encoder.encode(label) },
        key,
        sealed.data
      )
      .then(function (plain) {
        return JSON.parse(decoder.decode(plain));
      });
  }

  // Entries ---------------------------------------------------------------------

  function saveEntry(entryKey, state, content) {
    return seal(content, entryKey).then(function (sealed) {
      return putEntry({ key: entryKey, state: state, iv: sealed.iv, data: sealed.data });
    });
  }

  function readForm() {
    var data = new FormData(entryForm);
    var now = new Date();
    var day = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
    return {
      name: data.get("name") || "",
      is_real_name: data.get("is_real_name") === "on",
      consent_real_name: data.get("consent_real_name") === "on",
      alias: data.get("alias") || "",
      organisations: data.getAll("organisations"),
      people_count: data.get("people_count") || "",
      region: data.get("region") || "",
      text: data.get("text") || "",
      index_page: data.get("index_page") || "",
      source: data.get("source") || "",
      consent: data.get("consent") === "on",
      // The day it was said at the booth, not the day it reaches the site
      // (nor the day a refused entry is fixed).
      declared_on: entryForm.getAttribute("data-declared-on") || day.toISOString().slice(0, 10),
    };
  }

  function fillForm(entry) {
    entryForm.setAttribute("data-declared-on", entry.declared_on);
    Array.prototype.forEach.call(entryForm.elements, function (field) {
      if (!field.name || !(field.name in entry)) {
        return;
      }
      var value = entry[field.name];
      if (field.type === "checkbox") {
        field.checked = Array.isArray(value) ? value.indexOf(field.value) !== -1 : !!value;
      } else if (field.type !== "hidden") {
        field.value = value;
      }
    });
  }

  function showErrors(errors) {
    root.querySelectorAll("[data-td-error-for]").forEach(function (node) {
      var messages = (errors || {})[node.getAttribute("data-td-error-for")];
      node.textContent = messages ? messages.join(" ") : "";
      node.hidden = !messages;
    });
  }

  function render() {
    return allEntries().then(function (records) {
      return Promise.all(
        records.map(function (record) {
          return open(record, record.key).then(function (content) {
            return { record: record, content: content };
          });
        })
      ).then(function (items) {
        items.sort(function (a, b) {
          return (a.content.savedAt || 0) - (b.content.savedAt || 0);
        });
        list.textContent = "";
        if (!items.length) {
          var empty = document.createElement("li");
          empty.textContent = T.empty;
          list.appendChild(empty);
        }
        items.forEach(function (item) {
          list.appendChild(entryItem(item.record, item.content));
        });
      });
    });
  }

  function entryItem(record, content) {
    var item = document.createElement("li");
    item.className = "booth__entry booth__entry--" + record.state;
    item.setAttribute("data-td-entry", record.key);
    item.setAttribute("data-state", record.state);
    var name = document.createElement("span");
    name.className = "booth__entry-name";
    name.textContent = content.entry.name;
    var state = document.createElement("span");
    state.className = "booth__entry-state";
    state.textContent = T[record.state] + (content.publicId ? " · " + content.publicId : "");
    item.append(name, " ", state);
    if (record.state === "refused") {
      var errors = document.createElement("span");
      errors.className = "booth__error";
      errors.textContent = Object.values(content.errors || {}).flat().join(" ");
      item.append(" ", errors, " ", button(T.edit, function () {
        editEntry(record.key, content);
      }));
    }
    if (record.state !== "waiting") {
      item.append(" ", button(T.discard, function () {
        deleteEntry(record.key).then(render);
      }));
    }
    return item;
  }

  function button(label, action) {
    var node = document.createElement("button");
    node.type = "button";
    node.className = "booth__button booth__button--small";
    node.textContent = label;
    node.addEventListener("click", action);
    return node;
  }

  function editEntry(entryKey, content) {
    // A refused entry stored nothing: it leaves the queue and comes back,
    // fixed, as a new entry with a new key.
    deleteEntry(entryKey).then(function () {
      fillForm(content.entry);
      showErrors(content.errors);
      entryForm.querySelector("[name=name]").focus();
      return render();
    });
  }

  entryForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var entry = readForm();
    saveEntry(crypto.randomUUID(), "waiting", { entry: entry, savedAt: Date.now() }).then(function () {
      entryForm.reset();
      entryForm.removeAttribute("data-declared-on");
      showErrors(null);
      say(T.saved);
      entryForm.querySelector("[name=name]").focus();
      return render();
    }).then(sendWaiting);
  });

  // Sending ---------------------------------------------------------------------

  function headers(token) {
    var values = { "X-Requested-With": "XMLHttpRequest" };
    if (token) {
      values["Content-Type"] = "application/json";
      values["X-CSRFToken"] = token;
    }
    return values;
  }

  function fetchToken() {
    return fetch(root.getAttribute("data-token-url"), {
      credentials: "same-origin",
      cache: "no-store",
      headers: headers(),
    }).then(function (response) {
      if (response.status === 403 || response.redirected) {
        throw { login: true };
      }
      if (!response.ok) {
        throw { later: true };
      }
      return response.json().then(function (data) {
        return data.csrfToken;
      });
    });
  }

  function post(token, record, content) {
    return fetch(root.getAttribute("data-entries-url"), {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: headers(token),
      body: JSON.stringify({ key: record.key, entry: content.entry }),
    });
  }

  function sendOne(token, record, retried) {
    return open(record, record.key).then(function (content) {
      return post(token, record, content).then(function (response) {
        if (response.redirected) {
          // A site that sends the signed-out to its login page.
          throw { login: true };
        }
        if (response.status === 403) {
          if (retried) {
            throw { login: true };
          }
          // Logged in again meanwhile: the token changed with the session.
          return fetchToken().then(function (fresh) {
            token = fresh;
            return sendOne(fresh, record, true);
          });
        }
        if (response.status === 200 || response.status === 201) {
          return response.json().then(function (data) {
            if (!keepBox.checked) {
              return deleteEntry(record.key);
            }
            content.publicId = data.public_id;
            return saveEntry(record.key, "sent", content);
          }).then(function () {
            return token;
          });
        }
        if (response.status === 400 || response.status === 409) {
          return response.json().then(function (data) {
            content.errors = data.errors || {};
            return saveEntry(record.key, "refused", content);
          }).then(function () {
            return token;
          });
        }
        throw { later: true };
      });
    });
  }

  function sendWaiting() {
    if (sending) {
      // Entries saved during a round are sent right after it.
      sendAgain = true;
      return Promise.resolve();
    }
    if (!key) {
      return Promise.resolve();
    }
    if (!navigator.onLine) {
      say(T.offline);
      return Promise.resolve();
    }
    sending = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    return allEntries()
      .then(function (records) {
        var waiting = records.filter(function (record) {
          return record.state === "waiting";
        });
        if (!waiting.length) {
          return null;
        }
        say(T.sending);
        return fetchToken().then(function (token) {
          return waiting.reduce(function (chain, record) {
            return chain.then(function (current) {
              return sendOne(current, record, false);
            });
          }, Promise.resolve(token));
        });
      })
      .then(function () {
        loginNote.hidden = true;
        retryDelay = RETRY_FIRST;
        say(T.online);
      })
      .catch(function (problem) {
        if (problem && problem.login) {
          loginNote.hidden = false;
          say(T.login);
          return;
        }
        // No connection, a cut one, or a site that cannot store just now:
        // the entry stays waiting and is sent again later.
        say(navigator.onLine ? T.unavailable : T.offline);
        retryTimer = setTimeout(sendWaiting, retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX);
      })
      .then(function () {
        sending = false;
        if (sendAgain && retryTimer === null) {
          sendAgain = false;
          setTimeout(sendWaiting, 0);
        }
        return render();
      });
  }

  window.addEventListener("online", function () {
    retryDelay = RETRY_FIRST;
    sendWaiting();
  });
  window.addEventListener("offline", function () {
    say(T.offline);
  });
  root.querySelector("[data-td-send]").addEventListener("click", function () {
    retryDelay = RETRY_FIRST;
    sendWaiting();
  });

  // Keeping sent entries, clearing the device -------------------------------

  keepBox.addEventListener("change", function () {
    putMeta({ name: "settings", keepSent: keepBox.checked });
  });

  root.querySelector("[data-td-clear-sent]").addEventListener("click", function () {
    allEntries()
      .then(function (records) {
        return Promise.all(
          records
            .filter(function (record) {
              return record.state === "sent";
            })
            .map(function (record) {
              return deleteEntry(record.key);
            })
        );
      })
      .then(render);
  });

  root.querySelector("[data-td-lock]").addEventListener("click", function () {
    key = null;
    list.textContent = "";
    desk.hidden = true;
    showUnlock();
  });

  // Unlocking -------------------------------------------------------------------

  var passphrase = unlockForm.querySelector("[data-td-passphrase]");
  var again = unlockForm.querySelector("[data-td-passphrase-again]");
  var unlockError = unlockForm.querySelector("[data-td-unlock-error]");
  var choosing = false;

  function showUnlock() {
    return allEntries().then(function (records) {
      // With nothing on the device, a new passphrase (and salt) may start.
      choosing = records.length === 0;
      unlockForm.querySelector("[data-td-unlock-new]").hidden = !choosing;
      unlockForm.querySelector("[data-td-unlock-old]").hidden = choosing;
      unlockForm.querySelector("[data-td-confirm-row]").hidden = !choosing;
      unlockForm.querySelector("[data-td-forgot]").hidden = choosing;
      unlockError.hidden = true;
      passphrase.value = "";
      again.value = "";
      unlockForm.hidden = false;
      passphrase.focus();
    });
  }

  function showUnlockError(text) {
    unlockError.textContent = text;
    unlockError.hidden = false;
  }

  function newVault(secret) {
    var salt = crypto.getRandomValues(new Uint8Array(16));
    return deriveKey(secret, salt, ITERATIONS).then(function (derived) {
      key = derived;
      return seal(CHECK, "check").then(function (sealed) {
        return putMeta({
          name: "vault",
          salt: salt,
          iterations: ITERATIONS,
          iv: sealed.iv,
          data: sealed.data,
        });
      });
    });
  }

  function openVault(secret) {
    return getMeta("vault").then(function (vault) {
      return deriveKey(secret, vault.salt, vault.iterations).then(function (derived) {
        key = derived;
        return open(vault, "check").catch(function () {
          key = null;
          throw { wrong: true };
        });
      });
    });
  }

  unlockForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var secret = passphrase.value;
    if (secret.length < MIN_PASSPHRASE) {
      showUnlockError(T.short);
      return;
    }
    if (choosing && secret !== again.value) {
      showUnlockError(T.mismatch);
      return;
    }
    (choosing ? newVault(secret) : openVault(secret))
      .then(function () {
        passphrase.value = "";
        again.value = "";
        unlockForm.hidden = true;
        desk.hidden = false;
        entryForm.querySelector("[name=name]").focus();
        return render();
      })
      .then(sendWaiting)
      .catch(function (problem) {
        showUnlockError(problem && problem.wrong ? T.wrong : T.unsupported);
      });
  });

  unlockForm.querySelector("[data-td-discard-all]").addEventListener("click", function () {
    if (!window.confirm(T.confirmDiscard)) {
      return;
    }
    request(store("entries", "readwrite").clear()).then(showUnlock);
  });

  openDb()
    .then(function (opened) {
      db = opened;
      return getMeta("settings");
    })
    .then(function (settings) {
      keepBox.checked = !!(settings && settings.keepSent);
      say(navigator.onLine ? "" : T.offline);
      return showUnlock();
    })
    .catch(function () {
      say(T.unsupported);
    });
})();
