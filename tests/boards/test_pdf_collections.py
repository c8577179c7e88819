"""PDF renders run with fewer garbage collections, and leave the collector as they found it."""

import gc
import threading

import pytest

from core import documents


@pytest.fixture
def threshold():
    before = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    yield
    gc.set_threshold(*before)


def test_a_render_raises_the_threshold_and_puts_it_back(threshold, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "weasyprint.HTML.write_pdf", lambda self, **kw: seen.append(gc.get_threshold()) or b"%PDF"
    )

    assert (
        documents.render_pdf("boards/pack/pdf/section.html", {"bodies": []}, title="T") == b"%PDF"
    )

    assert seen == [documents.RENDER_THRESHOLD]
    assert gc.get_threshold() == (1234, 5, 6)


def test_a_failed_render_puts_it_back_too(threshold):
    with pytest.raises(RuntimeError), documents.fewer_collections():
        raise RuntimeError("the render failed")
    assert gc.get_threshold() == (1234, 5, 6)


def test_renders_in_two_threads_restore_it_when_the_last_ends(threshold):
    first_in, second_done = threading.Event(), threading.Event()
    during = []

    def second():
        first_in.wait()
        with documents.fewer_collections():
            pass
        during.append(gc.get_threshold())  # the first render is still running
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with documents.fewer_collections():
        first_in.set()
        second_done.wait(5)
    thread.join()
    assert during == [documents.RENDER_THRESHOLD]
    assert gc.get_threshold() == (1234, 5, 6)
