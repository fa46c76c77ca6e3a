"""Specification of templating and includes (``deckgen.expand``): vars, Jinja2 in any text,
shared fragments, located errors, and the sandbox templates run in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import cli
from helpers import TOOLS, compile_text

HEAD = "title: T\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="deckgen")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def deck_of(tmp_path: Path, text: str):
    res = compile_text(tmp_path, text)
    assert res.ok, [f"{d.span}: {d.message}" for d in res.diagnostics]
    assert res.deck is not None
    return res.deck


def errors(tmp_path: Path, text: str, name: str = "deck.yaml") -> list[str]:
    res = compile_text(tmp_path, text, name)
    return [
        f"{Path(d.span.file).name}:{d.span.line}:{d.span.column}: {d.message}"
        if d.span
        else d.message
        for d in res.diagnostics
        if d.is_error
    ]


# --- vars -------------------------------------------------------------------------------------


def test_vars_fill_any_text(tmp_path: Path) -> None:
    deck = deck_of(
        tmp_path,
        "vars: {model: Qwen2.5, rival: Llama}\n"
        "title: '{{ model }} review'\n"
        "subtitle: '{{ model }} vs {{ rival | upper }}'\n"
        "slides:\n"
        "  - layout: bullets\n"
        "    title: '{{ model }}'\n"
        "    bullets: ['{{ model }} is open', {text: 'Beats {{ rival }}', bullets: ['by {{ 3 * 4 }}%']}]\n"
        "    notes: 'Say {{ model | lower }} twice.'\n",
    )
    assert deck.title == "Qwen2.5 review"
    assert deck.subtitle == "Qwen2.5 vs LLAMA"
    slide = deck.slides[0]
    assert slide.title == "Qwen2.5"
    assert [b.text for b in slide.bullets] == ["Qwen2.5 is open", "Beats Llama"]
    assert slide.bullets[1].bullets == ["by 12%"]
    assert slide.notes == "Say qwen2.5 twice."


def test_one_expression_takes_the_value_of_the_expression(tmp_path: Path) -> None:
    deck = deck_of(
        tmp_path,
        "vars:\n  benchmarks: [MBPP, MATH]\n  scores: {qwen: [88.2, 83.1]}\n"
        "title: T\nslides:\n  - layout: bullets\n    title: A\n    chart:\n      kind: bar\n"
        "      categories: '{{ benchmarks }}'\n"
        "      series: [{name: Qwen, values: '{{ scores.qwen }}'}]\n"
        "      axis_max: '{{ 100 }}'\n",
    )
    chart = deck.slides[0].chart
    assert chart.categories == ["MBPP", "MATH"]
    assert chart.series[0].values == [88.2, 83.1]
    assert chart.axis_max == 100


def test_loops_and_conditions_in_a_string(tmp_path: Path) -> None:
    deck = deck_of(
        tmp_path,
        "vars: {sizes: [0.5B, 7B, 72B], open: true}\ntitle: T\nslides:\n  - layout: bullets\n"
        "    title: A\n    bullets:\n"
        "      - '{% for s in sizes %}{{ s }}{{ \", \" if not loop.last }}{% endfor %}'\n"
        "      - '{% if open %}open weights{% else %}closed{% endif %}'\n",
    )
    assert [b.text for b in deck.slides[0].bullets] == ["0.5B, 7B, 72B", "open weights"]


def test_vars_may_use_other_vars_in_any_order(tmp_path: Path) -> None:
    deck = deck_of(
        tmp_path,
        "vars:\n  headline: '{{ model }} {{ size }}'\n  model: Qwen\n  size: 72B\n"
        "title: '{{ headline }}'\nslides: [{layout: title}]\n",
    )
    assert deck.title == "Qwen 72B"


def test_strings_without_template_markup_are_left_alone(tmp_path: Path) -> None:
    text = "{a} {#1} } { {x} %} not a template"
    deck = deck_of(
        tmp_path,
        f"title: T\nslides:\n  - layout: quote\n    quote: {text!r}\n",
    )
    assert deck.slides[0].quote == text
    deck = deck_of(tmp_path, "title: 'a { b } c'\nslides: [{layout: title}]\n")
    assert deck.title == "a { b } c"


def test_raw_blocks_keep_braces(tmp_path: Path) -> None:
    deck = deck_of(
        tmp_path,
        "title: '{% raw %}{{ x }}{% endraw %} and {{ \"{{\" }}'\nslides: [{layout: title}]\n",
    )
    assert deck.title == "{{ x }} and {{"


def test_optional_variables_take_a_default_or_are_tested(tmp_path: Path) -> None:
    deck = deck_of(
        tmp_path,
        "vars: {org: Qwen Team}\ntitle: \"{{ topic | default('Untitled') }}\"\n"
        "subtitle: '{% if org is defined %}by {{ org }}{% endif %}"
        "{% if year is defined %} in {{ year }}{% endif %}'\nslides: [{layout: title}]\n",
    )
    assert (deck.title, deck.subtitle) == ("Untitled", "by Qwen Team")


def test_an_undefined_variable_is_located_with_a_suggestion(tmp_path: Path) -> None:
    deck = write(
        tmp_path / "deck.yaml",
        "vars: {model: Qwen}\ntitle: T\nslides:\n  - layout: bullets\n"
        "    title: 'About {{ modle }}'\n    bullets: [x]\n",
    )
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{deck}:5:22: error: slides[0].title: undefined variable 'modle'",
        " 5 |     title: 'About {{ modle }}'",
        "   |                      ^^^^^",
        "  hint: did you mean 'model'?",
    ]
    assert result.stdout == ""


def test_an_undefined_variable_without_a_close_name_says_where_to_define_it(
    tmp_path: Path,
) -> None:
    assert errors(tmp_path, "title: '{{ nothing }}'\nslides: [{layout: title}]\n") == [
        "deck.yaml:1:12: undefined variable 'nothing'"
    ]
    res = compile_text(tmp_path, "title: '{{ nothing }}'\nslides: [{layout: title}]\n")
    assert res.diagnostics[0].hint == "define it under 'vars:'"


def test_a_missing_attribute_is_an_error(tmp_path: Path) -> None:
    assert errors(
        tmp_path, "vars: {m: {name: Q}}\ntitle: '{{ m.nmae }}'\nslides: [{layout: title}]\n"
    ) == ["deck.yaml:2:14: template error: 'dict object' has no attribute 'nmae'"]


def test_a_template_syntax_error_is_located_with_a_hint(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.yaml", "title: 'a {{ b'\nslides: [{layout: title}]\n")
    result = run("check", str(deck))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{deck}:1:9: error: title: template syntax error: ")
    assert lines[-1] == (
        "  hint: to show '{{' literally, write {{ '{{' }} or wrap the text in {% raw %}…{% endraw %}"
    )


def test_every_template_error_is_reported_in_one_pass(tmp_path: Path) -> None:
    assert errors(
        tmp_path,
        "title: '{{ a }}'\nsubtitle: '{{ b }}'\nslides:\n  - layout: question\n"
        "    question: '{{ 1 / 0 }}'\n",
    ) == [
        "deck.yaml:1:12: undefined variable 'a'",
        "deck.yaml:2:15: undefined variable 'b'",
        "deck.yaml:5:15: template error: ZeroDivisionError: division by zero",
    ]


def test_vars_must_be_a_mapping_of_valid_names(tmp_path: Path) -> None:
    assert errors(tmp_path, "vars: [a]\ntitle: T\nslides: [{layout: title}]\n") == [
        "deck.yaml:1:7: 'vars' must be a mapping of names to values"
    ]
    assert errors(tmp_path, "vars: {my-var: 1}\ntitle: T\nslides: [{layout: title}]\n") == [
        "deck.yaml:1:8: 'my-var' is not a valid variable name"
    ]


def test_vars_that_refer_to_each_other_in_a_cycle_are_an_error(tmp_path: Path) -> None:
    assert errors(
        tmp_path,
        "vars: {a: '{{ b }}', b: '{{ a }}'}\ntitle: '{{ a }}'\nslides: [{layout: title}]\n",
    ) == ["deck.yaml:1:11: variables refer to each other in a cycle: a → b → a"]


def test_spec_errors_after_templating_point_at_the_template(tmp_path: Path) -> None:
    assert errors(
        tmp_path,
        "vars: {kind: bars}\ntitle: T\nslides:\n  - layout: bullets\n    title: A\n"
        "    chart: {kind: '{{ kind }}', categories: [a], series: [{name: s, values: [1]}]}\n",
    ) == ["deck.yaml:6:19: expected one of bar, doughnut, line, pie; got 'bars'"]


def test_errors_about_the_whole_deck_keep_their_position(tmp_path: Path) -> None:
    assert errors(tmp_path, "vars: {a: 1}\nslides: [{layout: title}]\n") == [
        "deck.yaml:1:1: missing required key 'title'"
    ]


def test_make_sandbox_gives_other_templates_the_same_sandbox() -> None:
    from jinja2.exceptions import SecurityError

    from deckgen.expand import make_sandbox

    env = make_sandbox(trim_blocks=True)
    assert env.from_string("{% if 1 %}\nx{{ 2 * 3 }}{% endif %}").render() == "x6"
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__ }}").render()


# --- includes ----------------------------------------------------------------------------------


def test_an_included_file_gives_defaults_the_deck_overrides(tmp_path: Path) -> None:
    write(
        tmp_path / "shared" / "common.yaml",
        "vars: {model: Other, org: Qwen Team}\nauthors: ['{{ org }}']\ntheme: paper-grey\n"
        "subtitle: 'By {{ org }}'\n",
    )
    deck = deck_of(
        tmp_path,
        "include: shared/common.yaml\nvars: {model: Qwen2.5}\ntitle: '{{ model }}'\n"
        "subtitle: Own subtitle\nslides: [{layout: title}]\n",
    )
    assert deck.title == "Qwen2.5"
    assert deck.authors == ["Qwen Team"]
    assert deck.theme == "paper-grey"
    assert deck.subtitle == "Own subtitle"


def test_later_includes_override_earlier_ones(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "vars: {x: from-a, y: from-a}\n")
    write(tmp_path / "b.yaml", "vars: {x: from-b}\n")
    deck = deck_of(
        tmp_path, "include: [a.yaml, b.yaml]\ntitle: '{{ x }} {{ y }}'\nslides: [{layout: title}]\n"
    )
    assert deck.title == "from-b from-a"


def test_a_slide_include_splices_the_fragments_slides(tmp_path: Path) -> None:
    write(
        tmp_path / "fragments" / "closing.yaml",
        "vars: {question: 'What next?'}\nslides:\n  - layout: section\n    title: Wrap-up\n"
        "  - layout: question\n    question: '{{ question }} ({{ model }})'\n",
    )
    deck = deck_of(
        tmp_path,
        "vars: {model: Qwen}\ntitle: T\nslides:\n  - layout: title\n"
        "  - include: fragments/closing.yaml\n  - layout: quote\n    quote: Last\n",
    )
    assert [s.layout for s in deck.slides] == ["title", "section", "question", "quote"]
    assert deck.slides[2].question == "What next? (Qwen)"


def test_includes_are_inputs_of_the_build(tmp_path: Path) -> None:
    frag = write(tmp_path / "f" / "end.yaml", "slides: [{layout: question, question: 'Q?'}]\n")
    common = write(tmp_path / "common.yaml", "subtitle: S\n")
    res = compile_text(
        tmp_path, "include: common.yaml\ntitle: T\nslides: [{include: f/end.yaml}]\n"
    )
    assert res.ok
    assert {p.resolve() for p in res.inputs} >= {frag.resolve(), common.resolve()}


def test_errors_inside_an_included_file_point_into_that_file(tmp_path: Path) -> None:
    frag = write(
        tmp_path / "fragments" / "closing.yaml",
        "slides:\n  - layout: question\n    question: Q?\n  - layout: qestion\n    question: R\n",
    )
    deck = write(
        tmp_path / "deck.yaml",
        "title: T\nslides:\n  - layout: title\n  - include: fragments/closing.yaml\n"
        "  - layout: bulets\n",
    )
    result = run("check", str(deck))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        f"{frag}:4:13: error: slides[2].layout: unknown layout 'qestion'",
        " 4 |   - layout: qestion",
        "   |             ^^^^^^^",
        "  hint: did you mean 'question'?",
    ]
    assert lines[4] == f"{deck}:5:13: error: slides[3].layout: unknown layout 'bulets'"


def test_template_errors_inside_an_included_file_point_into_that_file(tmp_path: Path) -> None:
    write(tmp_path / "end.yaml", "slides:\n  - layout: question\n    question: 'Why {{ modl }}?'\n")
    assert errors(tmp_path, "vars: {model: Q}\ntitle: T\nslides: [{include: end.yaml}]\n") == [
        "end.yaml:3:23: undefined variable 'modl'"
    ]


def test_a_missing_include_file_is_located_with_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path / "closing.yaml", "slides: []\n")
    deck = write(tmp_path / "deck.yaml", "title: T\nslides:\n  - include: clsoing.yaml\n")
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:4] == [
        f"{deck}:3:14: error: slides[0].include: include file not found: {tmp_path / 'clsoing.yaml'}",
        " 3 |   - include: clsoing.yaml",
        "   |              ^^^^^^^^^^^^",
        "  hint: did you mean 'closing.yaml'?",
    ]


def test_an_include_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "include: b.yaml\n")
    write(tmp_path / "b.yaml", "include: a.yaml\n")
    messages = errors(tmp_path, "include: a.yaml\ntitle: T\nslides: [{layout: title}]\n")
    assert messages == [
        f"b.yaml:1:10: include cycle: {tmp_path / 'a.yaml'} → {tmp_path / 'b.yaml'} → {tmp_path / 'a.yaml'}"
    ]


def test_a_deck_that_includes_itself_is_an_error(tmp_path: Path) -> None:
    messages = errors(tmp_path, "title: T\nslides: [{include: deck.yaml}]\n")
    assert len(messages) == 1
    assert messages[0].startswith("deck.yaml:2:20: include cycle: ")


def test_a_slide_include_takes_only_the_include_key(tmp_path: Path) -> None:
    write(tmp_path / "end.yaml", "slides: [{layout: title}]\n")
    assert errors(tmp_path, "title: T\nslides:\n  - include: end.yaml\n    title: X\n") == [
        "deck.yaml:4:5: a slide include takes only 'include', not 'title'"
    ]


def test_a_slide_fragment_needs_slides(tmp_path: Path) -> None:
    write(tmp_path / "end.yaml", "vars: {a: 1}\n")
    assert errors(tmp_path, "title: T\nslides:\n  - include: end.yaml\n") == [
        f"deck.yaml:3:5: {tmp_path / 'end.yaml'} has no 'slides:' list to include here"
    ]


def test_yaml_errors_in_an_included_file_are_located_there(tmp_path: Path) -> None:
    write(tmp_path / "end.yaml", "slides:\n  - layout: [\n")
    messages = errors(tmp_path, "title: T\nslides:\n  - include: end.yaml\n")
    assert len(messages) == 1
    assert messages[0].startswith("end.yaml:3:1: invalid YAML: ")


def test_an_include_must_be_a_path(tmp_path: Path) -> None:
    assert errors(tmp_path, "include: {a: b}\ntitle: T\nslides: [{layout: title}]\n") == [
        "deck.yaml:1:10: an include is a file path relative to this file"
    ]


def test_includes_nest_relative_to_the_including_file(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "base.yaml", "include: inner/vars.yaml\n")
    write(tmp_path / "shared" / "inner" / "vars.yaml", "vars: {x: deep}\n")
    deck = deck_of(
        tmp_path, "include: shared/base.yaml\ntitle: '{{ x }}'\nslides: [{layout: title}]\n"
    )
    assert deck.title == "deep"


# --- the sandbox -------------------------------------------------------------------------------

ATTEMPTS = {
    "os module": ("{{ os.system('echo hi') }}", "undefined variable 'os'"),
    "import": (
        "{% import 'os' as os %}",
        "template error: TypeError: no loader for this environment specified",
    ),
    "include a file": (
        "{% include '/etc/passwd' %}",
        "template error: TypeError: no loader for this environment specified",
    ),
    "open": ("{{ open('/etc/passwd').read() }}", "undefined variable 'open'"),
    "__class__": (
        "{{ ''.__class__ }}",
        "template not allowed: access to attribute '__class__' of 'str' object is unsafe.",
    ),
    "__subclasses__": (
        "{{ ().__class__.__base__.__subclasses__() }}",
        "template not allowed: access to attribute '__class__' of 'tuple' object is unsafe.",
    ),
    "__globals__": (
        "{{ joiner.__init__.__globals__ }}",
        "template not allowed: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    "cycler globals": (
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "template not allowed: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    "attr filter": (
        "{{ cycler|attr('__init__') }}",
        "template not allowed: access to attribute '__init__' of 'type' object is unsafe.",
    ),
    "self context": (
        "{{ self._TemplateReference__context }}",
        "template not allowed: access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe.",
    ),
    "mutate a var": (
        "{{ names.append('x') }}",
        "template not allowed: access to attribute 'append' of 'list' object is unsafe.",
    ),
    "namespace": ("{% set ns = namespace(a=1) %}", "undefined variable 'namespace'"),
    "huge string": (
        "{{ 'a' * 10**8 }}",
        "template not allowed: the template would build text or a list longer than 100,000",
    ),
    "huge number": (
        "{{ 2 ** 100000 }}",
        "template not allowed: the template would compute a number of more than 4,000 digits",
    ),
    "huge padding": (
        "{{ 'x'|center(10**9) }}",
        "template not allowed: the template would build text longer than 100,000",
    ),
    "huge format": (
        "{{ '%0999999999d' % 1 }}",
        "template not allowed: the template would build text longer than 100,000",
    ),
    "doubling": (
        "{% set x = 'ab' %}" + "{% set x = x ~ x %}" * 40 + "{{ x }}",
        "template not allowed: the template would build text longer than 100,000",
    ),
    "endless loops": (
        "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
        "template not allowed: the template does too much work (more than 1,000,000 steps)",
    ),
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS), ids=list(ATTEMPTS))
def test_templates_cannot_escape_the_sandbox(tmp_path: Path, attempt: str) -> None:
    template, message = ATTEMPTS[attempt]
    deck = write(
        tmp_path / "deck.yaml",
        "vars: {names: [a, b]}\ntitle: T\nslides:\n  - layout: question\n"
        f"    question: {template!r}\n",
    )
    result = run("check", str(deck))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{deck}:5:")
    assert first.endswith(f": error: slides[0].question: {message}")


def test_templates_cannot_read_files_through_a_loader(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "s3cret")
    for attempt in (
        f"{{% include {str(secret)!r} %}}",
        "{% extends 'secret.txt' %}",
        "{% from 'secret.txt' import x %}",
    ):
        res = compile_text(
            tmp_path, f"title: T\nslides:\n  - layout: question\n    question: {attempt!r}\n"
        )
        assert not res.ok
        assert all("s3cret" not in d.message for d in res.diagnostics)


def test_template_length_is_bounded(tmp_path: Path) -> None:
    long = "{{ 1 }}" + "x" * 20_000
    assert errors(tmp_path, f"title: '{long}'\nslides: [{{layout: title}}]\n") == [
        "deck.yaml:1:8: template is too long (20,007 characters; at most 20,000)"
    ]


def test_template_output_is_bounded(tmp_path: Path) -> None:
    text = "{% for i in range(30000) %}abcd{% endfor %}"
    assert errors(tmp_path, f"title: '{text}'\nslides: [{{layout: title}}]\n") == [
        "deck.yaml:1:8: template output is too long (more than 100,000 characters)"
    ]


def test_the_template_engine_is_shared_and_keeps_no_deck_state(tmp_path: Path) -> None:
    a = deck_of(tmp_path, "vars: {x: one}\ntitle: '{{ x }}'\nslides: [{layout: title}]\n")
    assert errors(tmp_path, "title: '{{ x }}'\nslides: [{layout: title}]\n") == [
        "deck.yaml:1:12: undefined variable 'x'"
    ]
    assert a.title == "one"
    assert TOOLS.templates is TOOLS.templates
