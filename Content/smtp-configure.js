// The SMTP plugin's settings page: provider presets, dependent fields, import from an email account and the test
// send. Every text that comes from the server is put in the page with textContent, never as markup.
(function () {
    'use strict';

    function ready(callback) {
        if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', callback);
        } else {
            callback();
        }
    }

    // nopCommerce serialises JSON with the C# names (PascalCase); accept camelCase too.
    function pick(data, name) {
        if (!data) {
            return undefined;
        }
        var pascal = name.charAt(0).toUpperCase() + name.slice(1);
        return data[pascal] !== undefined ? data[pascal] : data[name.charAt(0).toLowerCase() + name.slice(1)];
    }

    function field(form, name) {
        return form.querySelector('[name="' + name + '"]');
    }

    function setValue(form, name, value) {
        var input = field(form, name);
        if (!input || value === undefined || value === null) {
            return;
        }
        input.value = String(value);
        input.dispatchEvent(new Event('change', { bubbles: true }));
    }

    // nopCommerce turns some selects into select2 boxes, which announce a pick with jQuery's trigger; that never
    // reaches a native listener, while a jQuery handler receives both kinds of event.
    function onChange(element, handler) {
        if (window.jQuery) {
            window.jQuery(element).on('change', handler);
        } else {
            element.addEventListener('change', handler);
        }
    }

    function show(element, visible) {
        if (element) {
            element.hidden = !visible;
            element.style.display = visible ? '' : 'none';
        }
    }

    function antiforgeryToken(form) {
        var token = form.querySelector('input[name="__RequestVerificationToken"]');
        return token ? token.value : '';
    }

    function postForm(url, body) {
        return fetch(url, {
            method: 'POST',
            body: body,
            credentials: 'same-origin',
            headers: { 'X-Requested-With': 'XMLHttpRequest' }
        }).then(function (response) {
            if (!response.ok) {
                throw new Error(String(response.status));
            }
            return response.json();
        });
    }

    function initPresets(form) {
        var select = field(form, 'ProviderPreset');
        if (!select) {
            return;
        }
        var presets = {};
        form.querySelectorAll('#smtp-presets [data-key]').forEach(function (item) {
            presets[item.dataset.key] = item.dataset;
        });

        function showNote() {
            form.querySelectorAll('.smtp-preset-note').forEach(function (note) {
                show(note, note.dataset.preset === select.value);
            });
        }

        // A fixed username of one provider (SendGrid's "apikey") is wrong for every other one.
        var fixedUsernames = Object.keys(presets).map(function (key) {
            return presets[key].username;
        }).filter(Boolean);

        onChange(select, function () {
            var preset = presets[select.value];
            var username = field(form, 'Username');
            if (preset && select.value !== form.dataset.customPreset) {
                setValue(form, 'Host', preset.host);
                setValue(form, 'Port', preset.port);
                setValue(form, 'Security', preset.security);
            }
            if (preset && preset.username) {
                setValue(form, 'Username', preset.username);
            } else if (preset && select.value !== form.dataset.customPreset && username
                && fixedUsernames.indexOf(username.value.trim()) >= 0) {
                // Custom keeps the server, so it keeps the username that goes with it.
                setValue(form, 'Username', '');
            }
            showNote();
        });
        showNote();
    }

    function initPortWarning(form) {
        var port = field(form, 'Port');
        var security = field(form, 'Security');
        if (!port || !security) {
            return;
        }
        function update() {
            form.querySelectorAll('.smtp-port-warning').forEach(function (warning) {
                var securities = warning.dataset.security.split(',');
                show(warning, warning.dataset.port === port.value.trim() && securities.indexOf(security.value) >= 0);
            });
        }
        port.addEventListener('input', update);
        onChange(port, update);
        onChange(security, update);
        update();
    }

    function initDependentField(form, selectName, value, containerId) {
        var select = field(form, selectName);
        var container = document.getElementById(containerId);
        if (!select || !container) {
            return;
        }
        function update() {
            show(container, select.value === value);
        }
        onChange(select, update);
        update();
    }

    function initImport(form) {
        var button = document.getElementById('smtp-import-button');
        var message = document.getElementById('smtp-import-message');
        if (!button) {
            return;
        }

        // The imported account's password goes with its host and username only: once the admin types a password or
        // moves away from that server, the saved password applies again, and the page says which one will be used.
        var passwordState = form.querySelector('.smtp-password-state');
        var savedPasswordText = passwordState ? passwordState.textContent : '';
        var imported = null;

        function forgetImportedPassword() {
            if (!imported) {
                return;
            }
            imported = null;
            field(form, 'PasswordFromEmailAccountId').value = '0';
            if (passwordState) {
                passwordState.textContent = savedPasswordText;
            }
            show(message, false);
        }

        // From now on the imported password goes with the host and username now in the form.
        function rememberImportedServer() {
            imported = { host: field(form, 'Host').value.trim(), username: field(form, 'Username').value.trim() };
            if (passwordState) {
                passwordState.textContent = form.dataset.textImportedPassword;
            }
        }

        function checkImportedServer() {
            if (imported && (field(form, 'Host').value.trim() !== imported.host || field(form, 'Username').value.trim() !== imported.username)) {
                forgetImportedPassword();
            }
        }

        // A form shown again after a failed save still carries an imported account: keep tracking it.
        if (parseInt(field(form, 'PasswordFromEmailAccountId').value, 10) > 0) {
            rememberImportedServer();
        }

        ['Host', 'Username'].forEach(function (name) {
            field(form, name).addEventListener('input', checkImportedServer);
            onChange(field(form, name), checkImportedServer);
        });
        field(form, 'Password').addEventListener('input', function () {
            if (this.value) {
                forgetImportedPassword();
            }
        });
        button.addEventListener('click', function () {
            var body = new FormData();
            body.append('emailAccountId', field(form, 'ImportEmailAccountId').value);
            body.append('__RequestVerificationToken', antiforgeryToken(form));
            button.disabled = true;
            postForm(form.dataset.importUrl, body).then(function (data) {
                var error = pick(data, 'error');
                if (error) {
                    message.className = 'alert alert-danger';
                    message.textContent = error;
                } else {
                    setValue(form, 'ProviderPreset', form.dataset.customPreset);
                    setValue(form, 'Host', pick(data, 'host'));
                    setValue(form, 'Port', pick(data, 'port'));
                    setValue(form, 'Security', pick(data, 'security'));
                    setValue(form, 'Authentication', pick(data, 'authentication'));
                    setValue(form, 'Username', pick(data, 'username'));
                    setValue(form, 'PasswordFromEmailAccountId', pick(data, 'emailAccountId'));
                    field(form, 'Password').value = '';
                    rememberImportedServer();
                    message.className = 'alert alert-info';
                    message.textContent = pick(data, 'message');
                }
                show(message, true);
            }).catch(function () {
                message.className = 'alert alert-danger';
                message.textContent = form.dataset.textImportFailed;
                show(message, true);
            }).finally(function () {
                button.disabled = false;
            });
        });
    }

    function clearFieldErrors(form) {
        form.querySelectorAll('[data-valmsg-for]').forEach(function (span) {
            if (span.dataset.smtpError) {
                span.textContent = '';
                delete span.dataset.smtpError;
                span.classList.remove('field-validation-error');
            }
        });
    }

    function showFieldErrors(form, errors) {
        Object.keys(errors || {}).forEach(function (name) {
            var span = form.querySelector('[data-valmsg-for="' + name + '"]');
            if (span) {
                span.textContent = (errors[name] || []).join(' ');
                span.dataset.smtpError = '1';
                span.classList.add('field-validation-error');
            }
        });
    }

    function renderResult(form, panel, data) {
        var title = panel.querySelector('.smtp-result-title');
        var success = pick(data, 'success') === true;
        var rows = {
            diagnosis: pick(data, 'diagnosis'),
            hint: pick(data, 'hint'),
            providerNote: pick(data, 'providerNote'),
            error: pick(data, 'error'),
            elapsed: pick(data, 'elapsedMs') ? pick(data, 'elapsedMs') + ' ms' : null,
            server: pick(data, 'server'),
            greeting: pick(data, 'greeting'),
            tls: [pick(data, 'tlsProtocol'), pick(data, 'tlsCipherSuite')].filter(Boolean).join(', '),
            certificateSubject: pick(data, 'certificateSubject'),
            certificateIssuer: pick(data, 'certificateIssuer'),
            certificateNotAfter: pick(data, 'certificateNotAfter'),
            certificateThumbprint: pick(data, 'certificateThumbprint'),
            certificateNote: pick(data, 'certificateNote'),
            authMechanism: pick(data, 'authMechanism'),
            serverReply: pick(data, 'serverReply'),
            queueId: pick(data, 'queueId')
        };

        title.className = 'alert smtp-result-title ' + (success ? 'alert-success' : 'alert-danger');
        title.textContent = pick(data, 'title') || '';

        Object.keys(rows).forEach(function (name) {
            var cell = panel.querySelector('[data-field="' + name + '"]');
            var value = rows[name];
            cell.textContent = value === undefined || value === null ? '' : String(value);
            var row = cell.tagName === 'DD' ? cell : cell.closest('dd');
            show(row, !!value);
            show(row.previousElementSibling, !!value);
        });

        var transcript = pick(data, 'transcript');
        panel.querySelector('[data-field="transcript"]').textContent = transcript || '';
        show(panel.querySelector('.smtp-transcript'), !!transcript);

        var pin = document.getElementById('smtp-pin-button');
        show(pin, pick(data, 'canPin') === true && !!rows.certificateThumbprint);
        pin.dataset.thumbprint = rows.certificateThumbprint || '';

        show(panel, true);
    }

    function initTestSend(form) {
        var button = document.getElementById('smtp-test-button');
        var panel = document.getElementById('smtp-test-result');
        if (!button || !panel) {
            return;
        }
        var spinner = button.querySelector('.spinner-border');
        var label = button.querySelector('.smtp-test-label');

        function busy(on) {
            button.disabled = on;
            show(spinner, on);
            label.textContent = on ? label.dataset.busy : label.dataset.idle;
        }

        // Enter in the test's own fields sends the test: it must not submit the form, which would save untested settings.
        (button.closest('.card') || panel.parentElement).querySelectorAll('input').forEach(function (input) {
            input.addEventListener('keydown', function (event) {
                if (event.key === 'Enter' && !event.isComposing) {
                    event.preventDefault();
                    if (!button.disabled) {
                        button.click();
                    }
                }
            });
        });

        button.addEventListener('click', function () {
            clearFieldErrors(form);
            busy(true);
            // The server bounds the send by the timeout; the page gives up a little later in case the store hangs.
            var timeout = parseInt(field(form, 'TimeoutSeconds').value, 10);
            var controller = window.AbortController ? new AbortController() : null;
            var timer = controller ? setTimeout(function () { controller.abort(); }, ((timeout > 0 ? timeout : 30) + 30) * 1000) : null;
            fetch(form.dataset.testSendUrl, {
                method: 'POST',
                body: new FormData(form),
                credentials: 'same-origin',
                headers: { 'X-Requested-With': 'XMLHttpRequest' },
                signal: controller ? controller.signal : undefined
            }).then(function (response) {
                if (!response.ok) {
                    throw new Error(String(response.status));
                }
                return response.json();
            }).then(function (data) {
                // A refused permission comes back as { error } from nopCommerce's permission filter.
                if (pick(data, 'title') === undefined && pick(data, 'error')) {
                    data = { Success: false, Title: pick(data, 'error') };
                }
                showFieldErrors(form, pick(data, 'fieldErrors'));
                renderResult(form, panel, data);
            }).catch(function () {
                renderResult(form, panel, { Success: false, Title: form.dataset.textRequestFailed });
            }).finally(function () {
                if (timer) {
                    clearTimeout(timer);
                }
                busy(false);
            });
        });

        document.getElementById('smtp-pin-button').addEventListener('click', function () {
            setValue(form, 'CertificateCheck', form.dataset.pinnedValue);
            setValue(form, 'PinnedThumbprint', this.dataset.thumbprint);
            var title = panel.querySelector('.smtp-result-title');
            title.className = 'alert smtp-result-title alert-info';
            title.textContent = form.dataset.textPinned;
            var thumbprint = field(form, 'PinnedThumbprint');
            if (thumbprint) {
                thumbprint.focus();
            }
        });
    }

    ready(function () {
        var form = document.getElementById('smtp-configure-form');
        if (!form) {
            return;
        }
        initPresets(form);
        initPortWarning(form);
        initDependentField(form, 'CertificateCheck', form.dataset.pinnedValue, 'smtp-pinned-thumbprint');
        initDependentField(form, 'DeveloperMode', form.dataset.redirectValue, 'smtp-redirect-address');
        initImport(form);
        initTestSend(form);
    });
})();
