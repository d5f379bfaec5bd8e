/*
 * Translation QA in wagtail-localize's translation editor: each segment whose translation has
 * an open finding shows it beside the segment (blocking findings in red, warnings in yellow).
 *
 * The findings come from our JSON door (localization/qa/views.py, translation_findings), asked
 * when the editor opens and again after each save of a segment: the editor's string-save
 * request (a PUT or DELETE to a segment's editUrl) refreshes that segment's findings on the
 * server, so the warning appears or goes without a reload.
 *
 * The editor is a React app with no ids in its markup; its segments are found the way it
 * renders them from its props (per tab with segments, grouped by field and block), and each
 * string segment's source text is checked before a finding is placed on it.
 */
(() => {
    'use strict';

    const script = document.currentScript;
    const findingsUrl = script.dataset.cityguideQaFindingsUrl;
    const labels = {
        blocking: script.dataset.blockingLabel,
        warning: script.dataset.warningLabel,
    };
    let root = null;

    let props = null;
    let editUrls = new Set();
    let findings = [];
    let asked = 0;

    // The segment lists as the editor renders them: one per tab with segments (all segments
    // in one list when there is at most one such tab), each grouped by field and block.
    function renderedGroups() {
        const perTab = props.tabs
            .map((tab) => props.segments.filter((segment) => segment.location.tab == tab.slug))
            .filter((segments) => segments.length > 0);
        const lists = perTab.length > 1 ? perTab : [props.segments];
        return lists.map((segments) => {
            const groups = new Map();
            segments.forEach((segment) => {
                const key = `${segment.location.field}/${segment.location.blockId || 'null'}`;
                if (!groups.has(key)) {
                    groups.set(key, []);
                }
                groups.get(key).push(segment);
            });
            return Array.from(groups.values());
        });
    }

    // {segment id: its <li>}, or null while the editor's markup is not what its props say.
    function segmentElements() {
        const lists = renderedGroups();
        const elements = root.querySelectorAll('section > ul');
        if (elements.length !== lists.length) {
            return null;
        }
        const places = new Map();
        for (let i = 0; i < lists.length; i += 1) {
            const groupItems = Array.from(elements[i].children);
            if (groupItems.length !== lists[i].length) {
                return null;
            }
            for (let g = 0; g < groupItems.length; g += 1) {
                const inner = groupItems[g].querySelector(':scope > ul');
                const items = inner ? Array.from(inner.children) : [];
                if (items.length !== lists[i][g].length) {
                    return null;
                }
                for (let s = 0; s < items.length; s += 1) {
                    const segment = lists[i][g][s];
                    if (segment.type === 'string') {
                        const source = items[s].querySelector(':scope > p');
                        if (!source || source.textContent !== segment.source) {
                            return null;
                        }
                    }
                    places.set(segment.id, items[s]);
                }
            }
        }
        return places;
    }

    function findingElement(finding) {
        const item = document.createElement('div');
        item.className = `help-block ${finding.blocking ? 'help-critical' : 'help-warning'}`;
        item.dataset.cityguideQaFinding = finding.severity;
        item.style.marginTop = '0.5rem';
        const svgNs = 'http://www.w3.org/2000/svg';
        const icon = document.createElementNS(svgNs, 'svg');
        icon.setAttribute('class', 'icon icon-warning');
        icon.setAttribute('aria-hidden', 'true');
        const use = document.createElementNS(svgNs, 'use');
        use.setAttribute('href', '#icon-warning');
        icon.appendChild(use);
        const text = document.createElement('p');
        const label = document.createElement('strong');
        label.textContent = `${finding.blocking ? labels.blocking : labels.warning}: `;
        text.append(label, finding.message);
        item.append(icon, text);
        return item;
    }

    // Idempotent: a segment's box is replaced only when its findings changed.
    function render() {
        const places = segmentElements();
        if (!places) {
            return;
        }
        const bySegment = new Map();
        findings.forEach((finding) => {
            if (places.has(finding.segment_id)) {
                if (!bySegment.has(finding.segment_id)) {
                    bySegment.set(finding.segment_id, []);
                }
                bySegment.get(finding.segment_id).push(finding);
            }
        });
        places.forEach((element, segmentId) => {
            const wanted = bySegment.get(segmentId) || [];
            const key = JSON.stringify(wanted.map((f) => [f.severity, f.message]));
            let box = element.querySelector(':scope > [data-cityguide-qa-findings]');
            if ((box ? box.dataset.cityguideQaFindings : '[]') === key) {
                return;
            }
            if (box) {
                box.remove();
            }
            if (wanted.length) {
                box = document.createElement('div');
                box.dataset.cityguideQaFindings = key;
                box.setAttribute('role', 'status');
                wanted.forEach((finding) => box.appendChild(findingElement(finding)));
                element.appendChild(box);
            }
        });
    }

    function refresh() {
        asked += 1;
        const ask = asked;
        window
            .fetch(findingsUrl, {
                credentials: 'same-origin',
                headers: { Accept: 'application/json' },
            })
            .then((response) => (response.ok ? response.json() : null))
            .then((data) => {
                if (data && ask === asked) {
                    findings = data.findings;
                    render();
                }
            })
            .catch(() => {});
    }

    // After the editor saves or clears a segment's translation, ask again.
    const fetchBefore = window.fetch;
    window.fetch = function fetchThenRefreshFindings(input, init) {
        const result = fetchBefore.apply(this, arguments);
        const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
        const target = typeof input === 'string' ? input : input && input.url;
        if (
            (method === 'PUT' || method === 'DELETE') &&
            target &&
            editUrls.has(new URL(target, window.location.href).pathname)
        ) {
            result.then(refresh, refresh);
        }
        return result;
    };

    // The admin's scripts come before its content: start once the editor's element is there.
    function start() {
        root = document.querySelector('.js-translation-editor');
        if (!root || !findingsUrl) {
            return;
        }
        try {
            props = JSON.parse(root.dataset.props);
        } catch (error) {
            return;
        }
        editUrls = new Set(
            props.segments
                .filter((segment) => segment.type === 'string')
                .map((segment) => new URL(segment.editUrl, window.location.href).pathname)
        );
        let scheduled = false;
        new MutationObserver(() => {
            if (!scheduled) {
                scheduled = true;
                window.requestAnimationFrame(() => {
                    scheduled = false;
                    render();
                });
            }
        }).observe(root, { childList: true, subtree: true });
        refresh();
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
})();
