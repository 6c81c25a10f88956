"""What other programs read: the JSON contracts and the ``.ics`` calendar.

``mmsched.schedule/1`` (:mod:`.schedule_json`), ``mmsched.ward/1`` (:mod:`.ward_json`),
``mmsched.diff/1`` (:mod:`.diff_json`) and iCalendar (:mod:`.ics`). May import ``engine``,
``views`` (for their language helpers), ``errors`` and ``data``.
"""
