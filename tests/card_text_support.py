"""Titles for the card text properties: runs of several scripts, emoji and spaces, mixed."""

from __future__ import annotations

from hypothesis import strategies as st

SCRIPT_RUN = st.sampled_from(
    [
        st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "P"]), min_size=1),
        st.text(alphabet="абвгдежзийклмнопрстуфхцчшщыэюяΑΒΓΔαβγδεζ", min_size=1),
        st.text(alphabet="東京学習日本語中文한국어のをにはが。、", min_size=1),
        st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=1),
        st.sampled_from(["🚀", "🎉", "👩‍💻", "🇫🇷", "❤️"]),
        st.just(" "),
        # One word too long for any line: it must be cut, never overflow.
        st.text(alphabet="W", min_size=20, max_size=80),
    ]
).flatmap(lambda s: s)
MIXED_TITLES = st.lists(SCRIPT_RUN, max_size=12).map("".join)
