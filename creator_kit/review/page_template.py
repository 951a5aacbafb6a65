"""The review page's markup and style: one Jinja template with autoescape, CSS inline, one script.

A Content-Security-Policy forbids every load but data: images, the inline style and the one inline
script allowed by its sha256 (page_script.py), so that the page can make no request even if a text
slipped through. Everything reads without the script; it only adds the decision controls.
"""

STYLE = """
:root { --error: #b3261e; --warning: #8a5300; --info: #285a8c; --ok: #1e6b3a; --line: #d9d9d4;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", "Noto Naskh Arabic", "Noto Sans Arabic", Tahoma,
  sans-serif; color: #1c1c1a; background: #f7f7f4; }
body { margin: 0 auto; max-width: 1080px; padding: 16px; line-height: 1.5; }
h1 { font-size: 1.5rem; margin: .2em 0; } h2 { font-size: 1.25rem; margin: 0 0 .3em; }
h3 { font-size: 1rem; margin: 1em 0 .4em; }
.muted { color: #5c5c57; font-size: .9em; }
.verdict { padding: 10px 14px; border-radius: 8px; font-weight: 600; margin: 10px 0; }
.scope { margin: 6px 0; padding: 8px 12px; border-left: 4px solid #888; }
.verdict.error { background: #fbe9e7; color: var(--error); } .verdict.ok { background: #e6f4ea; color: var(--ok); }
.verdict.unusable { background: #fff4e0; color: var(--warning); }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 8px; margin: 12px 0; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.stat b { display: block; font-size: 1.6rem; } .stat.error b { color: var(--error); }
.stat.warning b { color: var(--warning); }
nav ol { padding-inline-start: 1.4em; columns: 2 22em; } nav li { margin: 2px 0; }
.clip { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px; margin: 18px 0; }
.counts span { display: inline-block; margin-inline-end: 8px; }
.scene { display: grid; grid-template-columns: 150px minmax(0, 1fr); gap: 16px; padding: 12px 0;
  border-top: 1px solid var(--line); break-inside: avoid; }
.scene img { width: 100%; height: auto; border-radius: 6px; border: 1px solid var(--line); display: block; }
.scene-label { font-size: .85em; color: #5c5c57; }
.scene-text { font-size: 1.15rem; white-space: pre-line; margin: .2em 0 .5em; }
.findings { padding: 0; margin: 6px 0; }
.finding { list-style: none; border-inline-start: 4px solid var(--info); background: #f7f7f4; padding: 6px 10px;
  margin: 6px 0; border-radius: 4px; break-inside: avoid; }
.finding.error { border-color: var(--error); } .finding.warning { border-color: var(--warning); }
.severity { font-weight: 700; text-transform: uppercase; font-size: .75em; letter-spacing: .04em; }
.finding.error .severity { color: var(--error); } .finding.warning .severity { color: var(--warning); }
.rule { font-family: ui-monospace, monospace; font-size: .85em; }
.suggestion { margin: 3px 0; } .guideline { font-size: .85em; color: #4a4a46; margin: 3px 0 0; }
.captions { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.caption { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.caption pre { white-space: pre-wrap; word-break: break-word; font: inherit; margin: .4em 0; }
.length.over { color: var(--error); font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { text-align: start; border-bottom: 1px solid var(--line); padding: 5px 6px; vertical-align: top; }
.stale { color: var(--warning); font-weight: 700; }
.problems li { font-family: ui-monospace, monospace; font-size: .85em; word-break: break-word; }
.review-state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em; font-weight: 600;
  margin-inline-end: 6px; background: #eee; }
.review-state.approved { background: #e6f4ea; color: var(--ok); }
.review-state.changes-requested { background: #fbe9e7; color: var(--error); }
.review-state.stale { background: #fff4e0; color: var(--warning); }
.history { list-style: none; padding: 0; margin: 6px 0; }
.past { border-inline-start: 4px solid var(--line); padding: 4px 10px; margin: 6px 0; background: #fafaf7; }
.past.approved { border-color: var(--ok); } .past.changes-requested { border-color: var(--error); }
.past.earlier { opacity: .8; } .past .note, .past-note .note { white-space: pre-line; }
.past-note { font-size: .9em; border-inline-start: 3px solid var(--warning); padding: 2px 8px; margin: 6px 0; }
.decide-bar { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 12px 0; }
.decide-row { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
.decide-bar input { font: inherit; padding: 4px 6px; min-width: 12em; }
.decide-panel { margin: 10px 0; padding: 8px 10px; border: 1px dashed var(--line); border-radius: 8px; }
.decide-buttons { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.decide-panel button, .decide-bar button { font: inherit; padding: 5px 12px; border-radius: 6px;
  border: 1px solid #888; background: #fff; cursor: pointer; }
.decide-panel button.approve[aria-pressed="true"] { background: var(--ok); color: #fff; border-color: var(--ok); }
.decide-panel button.request-changes[aria-pressed="true"] { background: var(--error); color: #fff;
  border-color: var(--error); }
.decide-panel button:disabled { opacity: .5; cursor: not-allowed; }
.blocked { color: var(--error); font-size: .9em; margin: 6px 0; }
.decide-panel label, .scene-note { display: block; font-size: .9em; margin-top: 6px; }
.decide-panel textarea, .scene-note textarea { display: block; width: 100%; box-sizing: border-box; font: inherit;
  margin-top: 2px; }
@media (max-width: 640px) {
  body { padding: 8px; } .clip { padding: 10px; border-radius: 6px; }
  .scene { grid-template-columns: 104px minmax(0, 1fr); gap: 10px; }
  .scene-text { font-size: 1.05rem; }
  table, tbody, tr, td { display: block; } thead { display: none; } td { border: 0; padding: 2px 0; }
  tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
}
@media print {
  :root { background: #fff; } body { max-width: none; padding: 0; } nav, .decide-bar, .decide-buttons { display: none; }
  .clip { border: 0; padding: 0; break-before: page; } .scene { grid-template-columns: 130px 1fr; }
  a[href^="http"]::after { content: " <" attr(href) ">"; font-size: .8em; word-break: break-all; }
}
"""

PAGE = """<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '{{ script_hash }}'; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="generator" content="{{ generator }}">
<title>Review: {{ review.clips | length }} clip{{ '' if review.clips | length == 1 else 's' }}</title>
<style>{{ style }}</style>
</head>
<body data-page="{{ page_token }}" data-generator="{{ generator }}" data-generated="{{ generated }}">
{% macro finding_item(finding) %}
{% set rule = review.rules.get(finding.rule) %}
<li class="finding {{ finding.severity }}" data-rule="{{ finding.rule }}" data-severity="{{ finding.severity }}">
  <span class="severity">{{ finding.severity }}</span> <span class="rule">{{ finding.rule }}</span>
  {% if finding.platform %}<span class="muted">({{ finding.platform }})</span>{% endif %}
  <div class="message">{{ finding.message }}</div>
  {% if finding.suggestion %}<div class="suggestion"><b>Try:</b> <bdi dir="auto">{{ finding.suggestion }}</bdi></div>{% endif %}
  <div class="muted">{{ finding.file | shown_path }}:{{ finding.line }}:{{ finding.column }}{% if finding.field %} · {{ finding.field }}{% endif %}</div>
  {% if rule %}<p class="guideline"><b>Guideline:</b> {{ rule.summary }} {{ rule.help }}
  {% if rule.help_uri %}<a href="{{ rule.help_uri }}" rel="noreferrer noopener">Source</a>{% endif %}</p>{% endif %}
</li>
{% endmacro %}
{% macro review_badges(clip) %}
{% for state, platforms in clip.review_states %}<span class="review-state {{ state }}" data-review="{{ state }}">{{ state_labels[state] }}{% if clip.review_states | length > 1 %} ({{ platforms | join(', ') }}){% endif %}</span>{% endfor %}
{% endmacro %}
{% macro past_decision(past, clip) %}
<li class="past {{ past.decision }} {{ 'current' if past.current else 'earlier' }}" data-decision="{{ past.decision }}" data-current="{{ 'true' if past.current else 'false' }}">
  <b>{{ past.label }}</b> by <bdi>{{ past.reviewer }}</bdi>, {{ past.time | when }}{% if clip.items | length > 1 %} ({{ past.platforms | join(', ') }}){% endif %}
  · <span class="muted">{{ 'on this render' if past.current else 'on an earlier render: stale, the clip changed since' }}</span>
  {% if past.note %}<div class="note" dir="auto">{{ past.note }}</div>{% endif %}
  {% for note in past.scene_notes %}<div class="muted" dir="auto">scene {{ note.index + 1 }}: {{ note.note }}</div>{% endfor %}
</li>
{% endmacro %}
{% macro findings_list(findings) %}
{% if findings %}<ul class="findings">{% for finding in findings %}{{ finding_item(finding) }}{% endfor %}</ul>{% endif %}
{% endmacro %}
<header>
  <h1>Review: {{ review.clips | length }} clip{{ '' if review.clips | length == 1 else 's' }}</h1>
  <div class="muted">Generated {{ generated }} by {{ generator }}. Pictures are {{ 'frames of the rendered videos' if rendered else 'drawn by the same code as the video frames' }}.</div>
  {% if review.count('error') %}
  <div class="verdict error" id="verdict">Not ready: {{ review.count('error') }} error{{ '' if review.count('error') == 1 else 's' }} to fix before posting.</div>
  {% elif review.problems %}
  <div class="verdict unusable" id="verdict">Incomplete: {{ review.problems | length }} input{{ '' if review.problems | length == 1 else 's' }} could not be reviewed.</div>
  {% else %}
  <div class="verdict ok" id="verdict">No error-level finding{% if review.count('warning') %}; read the {{ review.count('warning') }} warning{{ '' if review.count('warning') == 1 else 's' }} before approving{% endif %}.</div>
  {% endif %}
  <div class="summary" id="summary">
    <div class="stat"><b data-count="clips">{{ review.clips | length }}</b>clips</div>
    <div class="stat error"><b data-count="errors">{{ review.count('error') }}</b>errors</div>
    <div class="stat warning"><b data-count="warnings">{{ review.count('warning') }}</b>warnings</div>
    <div class="stat"><b data-count="info">{{ review.count('info') }}</b>notes</div>
    <div class="stat warning"><b data-count="stale">{{ review.stale_resources }}</b>stale resources</div>
    <div class="stat error"><b data-count="unusable">{{ review.problems | length }}</b>unusable inputs</div>
  {% if review.reviewed %}
  {% for state in state_labels %}<div class="stat"><b data-count="{{ state }}">{{ review.items_in(state) }}</b>{{ state | replace('-', ' ') }}</div>{% endfor %}
  {% endif %}
  </div>
  <p class="scope" id="scope">{{ scope.statement }} <span class="muted">Recall by class on drafts others wrote
    ({{ scope.measured_on }}): {{ scope.recall_text() }}.</span></p>
  <noscript><p class="muted" id="noscript">Approving and requesting changes on this page needs JavaScript; without it the page is read-only.</p></noscript>
</header>
{% if review.problems %}
<section id="problems">
  <h2>Could not be reviewed</h2>
  <ul class="problems">{% for problem in review.problems %}<li dir="auto">{{ problem | string | shown_path }}</li>{% endfor %}</ul>
</section>
{% endif %}
{% if review.clips | length > 1 %}
<nav><h2>Clips</h2><ol>
{% for clip in review.clips %}<li><a href="#clip-{{ loop.index }}">{{ clip.key }}</a>
  <span class="muted">{{ clip.count('error') }} errors, {{ clip.count('warning') }} warnings</span> {{ review_badges(clip) }}</li>{% endfor %}
</ol></nav>
{% endif %}
<main>
{% for clip in review.clips %}
{% set clip_number = loop.index %}
<section class="clip" id="clip-{{ clip_number }}" data-key="{{ clip.key }}" data-items='{{ clip.items | items_data | tojson }}'{% if clip.blocked %} data-blocked="{{ clip.blocked }}"{% endif %}>
  <h2><bdi lang="{{ clip.language }}" dir="{{ clip.title | direction }}">{{ clip.title }}</bdi> <span class="muted">{{ clip.key }}</span></h2>
  <div class="muted">{{ clip.script | shown_path }} · template {{ clip.template }} · language {{ clip.language }} ·
    {{ clip.captions | map(attribute='platform') | join(', ') }}</div>
  <div class="counts"><span>{{ clip.count('error') }} errors</span><span>{{ clip.count('warning') }} warnings</span>
    <span>{{ clip.count('info') }} notes</span> {{ review_badges(clip) }}</div>
  {% if clip.history %}<h3>Review so far</h3>
  <ul class="history">{% for past in clip.history | reverse %}{{ past_decision(past, clip) }}{% endfor %}</ul>{% endif %}
  {% if clip.other_findings %}<h3>About the whole clip</h3>{{ findings_list(clip.other_findings) }}{% endif %}
  {% if clip.live %}<h3>Live session</h3>
  <p class="live"><bdi lang="{{ clip.language }}" dir="auto">{{ clip.live.topic }}</bdi> · <bdi dir="auto">{{ clip.live.host }}</bdi> ·
    <bdi lang="{{ clip.language }}" dir="auto">{{ clip.live.date }}</bdi>{% if clip.live.hijri %} · <bdi dir="auto">{{ clip.live.hijri }}</bdi>{% endif %}
    <span class="muted">(starts {{ clip.live.starts_utc }})</span></p>
  <table class="live-times"><thead><tr><th>Region</th><th>City</th><th>Shown</th><th>Local time</th><th>UTC offset</th><th>Zone</th></tr></thead><tbody>
  {% for time in clip.live.times %}
    <tr data-region="{{ time.region }}"><td>{{ time.region }}</td><td dir="auto">{{ time.city }}</td>
      <td lang="{{ clip.language }}" dir="auto">{{ time.shown }}</td><td>{{ time.clock }}</td><td>{{ time.utc_offset }}</td><td>{{ time.zone }}</td></tr>
  {% endfor %}
  </tbody></table>{% endif %}
  <h3>Storyboard</h3>
  {% for tile in clip.tiles %}
  <div class="scene" id="clip-{{ clip_number }}-{{ tile.kind }}-{{ tile.index + 1 if tile.kind == 'scene' else loop.index }}" data-kind="{{ tile.kind }}" data-index="{{ tile.index }}">
    <img src="{{ tile.image }}" alt="{{ tile.label }}">
    <div>
      <div class="scene-label">{{ tile.label }}</div>
      {% if tile.text %}<p class="scene-text" lang="{{ clip.language }}" dir="{{ tile.text | direction }}">{{ tile.text }}</p>{% endif %}
      {{ findings_list(tile.findings) }}
      {% if tile.kind == 'scene' %}{% for past in clip.history %}{% for text in past.notes_for(tile.index) %}
      <p class="past-note" data-current="{{ 'true' if past.current else 'false' }}"><span class="muted">Note from <bdi>{{ past.reviewer }}</bdi>, {{ past.time | when }}{{ '' if past.current else ' (earlier render)' }}:</span> <span class="note" dir="auto">{{ text }}</span></p>
      {% endfor %}{% endfor %}{% endif %}
    </div>
  </div>
  {% endfor %}
  <h3>Post caption</h3>
  <div class="captions">
  {% for caption in clip.captions %}
    <div class="caption" data-platform="{{ caption.platform }}">
      <b>{{ caption.platform }}</b>
      <span class="length{{ ' over' if caption.too_long }}">{{ '{:,}'.format(caption.length) }} / {{ '{:,}'.format(caption.limit) }} {{ units.get(caption.unit, caption.unit) }}</span>
      {% if caption.video %}· <a href="{{ caption.video }}" class="video">video</a>{% endif %}
      <pre lang="{{ clip.language }}" dir="{{ caption.text | direction }}">{{ caption.text }}</pre>
    </div>
  {% endfor %}
  </div>
  {{ findings_list(clip.caption_findings) }}
  <h3>Help resources</h3>
  {% if clip.resources %}
  <table class="resources"><thead><tr><th>Name</th><th>Contact</th><th>Source</th><th>Verified</th></tr></thead><tbody>
  {% for resource in clip.resources %}
    <tr><td dir="auto">{{ resource.name }}</td>
      <td>{{ resource.phones | join(', ') }}{% if resource.url %}{% if resource.phones %}<br>{% endif %}<a href="{{ resource.url }}" rel="noreferrer noopener">{{ resource.url }}</a>{% endif %}</td>
      <td dir="auto">{{ resource.source }}</td>
      <td>{{ resource.verified_on or 'never' }}{% if resource.stale %} <span class="stale">re-verify</span>{% endif %}</td></tr>
  {% endfor %}
  </tbody></table>
  {% else %}<p class="muted">None attached.</p>{% endif %}
  {{ findings_list(clip.resource_findings) }}
</section>
{% endfor %}
</main>
<script>{{ script | safe }}</script>
</body>
</html>
"""
