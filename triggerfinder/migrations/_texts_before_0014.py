"""The shipped muscle texts that 0014 replaces, as they were before it (the migration loader skips
modules whose name starts with an underscore). Only fields that changed; every muscle's old
``frequency_de``/``frequency_en`` are the two constants below."""

OLD_FREQUENCY_DE = (
    "1–2-mal täglich, insgesamt etwa 5–10 Minuten; mehrere kurze Einheiten sind meist günstiger als "
    "eine lange. Ist es am nächsten Tag deutlich schlechter, machen Sie weniger."
)
OLD_FREQUENCY_EN = (
    "1–2 times a day, about 5–10 minutes in total; several short sessions usually work better than one "
    "long one. If it feels clearly worse the next day, do less."
)

OLD_TEXTS = {
    "gastrocnemius": {
        "light_steps_de": "1. Setzen Sie sich auf einen Stuhl und stellen Sie den Fuß der "
        "schmerzenden Seite auf einen Hocker. Umfassen Sie die obere Wade mit "
        "beiden Händen und suchen Sie mit den Fingern eine empfindliche Stelle "
        "– nicht in der Kniekehle.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 "
        "von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Sit on a chair with the foot of the painful side on a stool. Hold "
        "your upper calf with both hands and find a tender spot with your "
        "fingers – not in the back of the knee.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). "
        "It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "gluteus-maximus": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen Ball "
        "zwischen Wand und oberem, äußerem Gesäß – fern von Steißbein und "
        "Sitzbeinhöcker. Lehnen Sie sich sanft an, bis der Ball auf einer "
        "empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa "
        "3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball between the wall and "
        "your upper outer buttock – away from the tailbone and the sit bone. "
        "Lean back gently until the ball rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
        "position_de": "Sitzen Sie auf einem festen Stuhl oder liegen Sie auf dem Boden, den "
        "Ball unter dem Gesäß – fern von Sitzbeinhöcker und Steißbein. Den Druck "
        "steuern Sie, indem Sie Ihr Gewicht verlagern.",
        "position_en": "Sit on a firm chair or lie on the floor with the ball under your "
        "buttock – away from the sit bone and the tailbone. Control the pressure "
        "by shifting your weight.",
        "steps_de": "1. Verlagern Sie Ihr Gewicht langsam, bis der Ball auf einer empfindlichen "
        "Stelle liegt.\n"
        "2. Steigern Sie den Druck langsam, bis Sie einen deutlichen, aber gut "
        "aushaltbaren Druckschmerz spüren; manchmal tritt dabei Ihr bekannter "
        "Schmerz auf.\n"
        "3. Halten Sie den Druck 10–30 Sekunden und atmen Sie dabei ruhig weiter.\n"
        "4. Lassen Sie sofort nach, wenn es zu stark wird (mehr als etwa 7 von 10), "
        "stechend oder elektrisierend schmerzt oder wenn Kribbeln oder Taubheit "
        "auftreten – Kribbeln ins Bein bedeutet meist, dass der Ball auf dem "
        "Ischiasnerv liegt.\n"
        "5. Lösen Sie den Druck langsam und gehen Sie zur nächsten empfindlichen "
        "Stelle.",
        "steps_en": "1. Shift your weight slowly until the ball rests on a tender spot.\n"
        "2. Increase the pressure slowly until you feel clear but easily bearable "
        "tenderness; sometimes this brings on your familiar pain.\n"
        "3. Hold the pressure for 10–30 seconds while breathing calmly.\n"
        "4. Ease off at once if it gets too strong (more than about 7 out of 10), "
        "feels sharp or electric, or if tingling or numbness appear – tingling into "
        "the leg usually means the ball is on the sciatic nerve.\n"
        "5. Release slowly and move on to the next tender spot.",
        "tool": "tennis-ball",
    },
    "gluteus-medius": {
        "light_steps_de": "1. Stellen Sie sich seitlich oder mit dem Rücken an eine Wand, einen "
        "weichen Ball direkt unter dem hinteren Beckenkamm (oberes, äußeres "
        "Gesäß). Lehnen Sie sich sanft an, bis der Ball auf einer "
        "empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa "
        "3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand side-on or with your back to a wall, a soft ball just below "
        "the back of the pelvic rim (upper outer buttock). Lean in gently "
        "until the ball rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). "
        "It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
        "position_de": "Im Stehen seitlich oder mit dem Rücken an einer Wand, der Ball liegt "
        "direkt unter dem hinteren Beckenkamm (oberes, äußeres Gesäß). Alternativ "
        "in Rückenlage auf dem Boden mit angestellten Beinen auf dem Ball.",
        "position_en": "Standing side-on or with your back to a wall, with the ball just below "
        "the back of the pelvic rim (upper outer buttock). Alternatively lie on "
        "your back on the floor with knees bent and the ball underneath.",
        "tool": "tennis-ball",
    },
    "gluteus-minimus": {
        "light_steps_de": "1. Stellen Sie sich seitlich an eine Wand, einen weichen Ball an der "
        "äußeren Hüfte zwischen Beckenkamm und dem Knochenvorsprung oben am "
        "Oberschenkel – nicht auf dem Knochen. Lehnen Sie sich sanft an, bis "
        "der Ball auf einer empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa "
        "3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand side-on to a wall, a soft ball on the outer hip between the "
        "pelvic rim and the bony point at the top of the thigh – not on the "
        "bone. Lean in gently until the ball rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "hamstrings": {
        "light_steps_de": "1. Setzen Sie sich auf die vordere Kante eines Stuhls. Fassen Sie mit "
        "beiden Händen unter die Rückseite des Oberschenkels und suchen Sie mit "
        "den Fingern eine empfindliche Stelle – nicht in der Kniekehle.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 "
        "von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Sit on the front edge of a chair. Reach under the back of your thigh "
        "with both hands and find a tender spot with your fingers – not in the "
        "back of the knee.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). It "
        "should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "iliocostalis-lumborum": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen "
        "Ball auf dem Muskelstrang 3–5 cm neben der Wirbelsäule in "
        "Taillenhöhe – nie auf der Wirbelsäule. Lehnen Sie sich sanft "
        "an, bis der Ball auf einer empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball on the muscle "
        "ridge 3–5 cm beside the spine at waist level – never on the "
        "spine. Lean back gently until the ball rests on a tender "
        "spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out "
        "of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep "
        "breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling or numbness.",
        "position_de": "Im Stehen mit dem Rücken zur Wand, der Ball auf dem Muskelstrang "
        "3–5 cm neben der Wirbelsäule in Taillenhöhe – nie auf der "
        "Wirbelsäule. Alternativ zwei Bälle in einer Socke in Rückenlage.",
        "position_en": "Standing with your back to a wall, the ball on the muscle ridge "
        "3–5 cm beside the spine at waist level – never on the spine. "
        "Alternatively lie on two balls in a sock.",
    },
    "iliocostalis-thoracis": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen "
        "Ball neben (nicht auf) der Wirbelsäule in Höhe der unteren "
        "Rippen, aber oberhalb der untersten Rippe (Nierengegend). "
        "Lehnen Sie sich sanft an, bis der Ball auf einer empfindlichen "
        "Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball beside (not on) "
        "the spine at the level of the lower ribs, but above the lowest "
        "rib (kidney area). Lean back gently until the ball rests on a "
        "tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out "
        "of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep "
        "breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling or numbness.",
    },
    "infraspinatus": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen Ball "
        "auf der flachen Fläche des Schulterblatts unterhalb seiner "
        "Knochenleiste. Lehnen Sie sich sanft an, bis der Ball auf einer "
        "empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 "
        "von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball on the flat part of the "
        "shoulder blade below its bony ridge. Lean back gently until the ball "
        "rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). "
        "It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "latissimus-dorsi": {
        "light_steps_de": "1. Setzen oder stellen Sie sich aufrecht hin. Fassen Sie die "
        "Muskelfalte hinter der Achsel zwischen Daumen und Fingern – nicht "
        "tief in die Achsel – und tasten Sie von oben nach unten nach einer "
        "empfindlichen Stelle.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Sit or stand up tall. Grasp the fold of muscle behind your "
        "armpit between thumb and fingers – not deep in the armpit – and "
        "feel from top to bottom for a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "levator-scapulae": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen Ball "
        "an der oberen, inneren Ecke des Schulterblatts. Lehnen Sie sich "
        "sanft an, bis der Ball auf einer empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln, Taubheit, Schwindel, Übelkeit "
        "oder Sehstörungen.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball at the upper inner "
        "corner of the shoulder blade. Lean back gently until the ball rests "
        "on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling, numbness, dizziness, nausea or changes in vision.",
    },
    "longissimus-thoracis": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen "
        "Ball auf dem Muskelstrang direkt neben der Wirbelsäule, etwa in "
        "Höhe der untersten Rippen – nie auf den Knochenvorsprüngen der "
        "Wirbelsäule. Lehnen Sie sich sanft an, bis der Ball auf einer "
        "empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball on the muscle "
        "ridge right beside the spine, at about the level of the lowest "
        "ribs – never on the bony points of the spine. Lean back gently "
        "until the ball rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out "
        "of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling or numbness.",
        "position_de": "Rückenlage auf dem Boden, zwei Bälle in einer Socke liegen links "
        "und rechts der Wirbelsäule am Übergang von Brust- zu "
        "Lendenwirbelsäule (etwa auf Höhe der untersten Rippen).",
        "position_en": "Lie on your back on the floor with two balls in a sock on either "
        "side of the spine where the mid-back meets the lower back (about "
        "the level of the lowest ribs).",
    },
    "multifidi": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, zwei weiche Bälle in "
        "einer Socke, die Wirbelsäule in der Lücke zwischen den Bällen, in Höhe der "
        "schmerzenden Stelle. Am Nacken nehmen Sie stattdessen im Sitzen die "
        "Fingerspitzen, 1–2 cm neben der Mitte.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 von "
        "10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, two soft balls in a sock, your spine in "
        "the gap between the balls, at the level of the painful area. For the neck, "
        "sit and use your fingertips instead, 1–2 cm from the midline.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). It "
        "should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "piriformis": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen Ball in "
        "der Mitte des Gesäßes zwischen Kreuzbein und dem Knochenvorsprung "
        "seitlich an der Hüfte. Lehnen Sie sich nur sanft an – tief darunter "
        "verläuft der Ischiasnerv.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 "
        "von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball in the middle of the "
        "buttock between the sacrum and the bony point on the side of the hip. "
        "Lean back only gently – the sciatic nerve runs deep below.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). It "
        "should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
        "position_de": "Sitzen oder liegen Sie auf dem Ball; er liegt in der Mitte des Gesäßes "
        "zwischen Kreuzbein und dem knöchernen Vorsprung seitlich an der Hüfte. "
        "Alternativ Ball an der Wand.",
        "position_en": "Sit or lie on the ball, placed in the middle of the buttock between the "
        "sacrum and the bony point on the side of the hip. Alternatively use the ball "
        "against a wall.",
        "tool": "tennis-ball",
    },
    "quadratus-lumborum": {
        "light_steps_de": "1. Stellen Sie sich aufrecht hin, die Hände in die Taille "
        "gestützt. Setzen Sie den Daumen in den weichen Bereich zwischen "
        "unterster Rippe und Beckenkamm, etwa eine Handbreit neben der "
        "Wirbelsäule – nicht auf die Rippe und nicht direkt darunter neben "
        "der Wirbelsäule (Nierengegend).\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand up tall with your hands on your waist. Place your thumb "
        "in the soft area between the lowest rib and the top of the "
        "pelvis, about a hand's width from the spine – not on the rib and "
        "not just below it next to the spine (kidney area).\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling or numbness.",
        "position_de": "Im Stehen mit dem Rücken zur Wand oder in Rücken- bzw. Seitenlage. "
        "Der Ball liegt in der weichen Taille zwischen unterster Rippe und "
        "Beckenkamm, etwa eine Handbreit neben der Wirbelsäule und außerhalb "
        "des dicken Muskelstrangs direkt neben der Wirbelsäule. Beginnen Sie "
        "mit einem weichen Ball wie einem Tennisball.",
        "position_en": "Standing with your back to a wall, or lying on your back or side. "
        "The ball sits in the soft part of the waist between the lowest rib "
        "and the top of the pelvis, about a hand's width from the spine and "
        "outside the thick muscle ridge right next to the spine. Start with a "
        "soft ball such as a tennis ball.",
    },
    "rectus-femoris": {
        "light_steps_de": "1. Setzen Sie sich auf einen Stuhl. Tasten Sie mit den Fingerspitzen "
        "vorn am oberen Oberschenkel, knapp unterhalb des Hüftknochens – "
        "seitlich der Leiste, nicht in der Leiste.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa "
        "3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit – und wenn Sie einen "
        "Puls spüren.",
        "light_steps_en": "1. Sit on a chair. Feel with your fingertips on the upper front of "
        "the thigh just below the hip bone – to the side of the groin, not in "
        "it.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). "
        "It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness – and if you feel a pulse.",
    },
    "rhomboids": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen weichen Ball "
        "zwischen Schulterblatt und Wirbelsäule – neben, nicht auf der Wirbelsäule. "
        "Lehnen Sie sich sanft an, bis der Ball auf einer empfindlichen Stelle "
        "liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 von "
        "10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball between the shoulder blade "
        "and the spine – beside, not on, the spine. Lean back gently until the ball "
        "rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). It "
        "should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
    "scalenes": {
        "cautions_de": "Hier verlaufen Armnerven und eine große Arterie: nur sehr leicht drücken und "
        "bei Kribbeln, Taubheit oder spürbarem Puls sofort aufhören. Brustschmerz immer "
        "zuerst ärztlich abklären lassen – bei Brustschmerz mit Atemnot oder "
        "Schweißausbruch Notruf 112. Taubheit oder Schwäche im Arm zuerst ärztlich "
        "abklären lassen.",
        "cautions_en": "Arm nerves and a large artery run here: press only very lightly and stop at "
        "once if you notice tingling, numbness or a pulse. Always have chest pain "
        "checked by a doctor first – with chest pain plus breathlessness or sweating, "
        "call the emergency number (112 in Europe). Have numbness or weakness in the "
        "arm checked by a doctor first.",
        "position_de": "Im Sitzen. Die Fingerspitzen liegen seitlich am Hals knapp oberhalb des "
        "Schlüsselbeins, hinter dem Kopfwender.",
        "position_en": "Sitting. Your fingertips rest at the side of the neck just above the "
        "collarbone, behind the sternocleidomastoid.",
        "steps_de": "1. Tasten Sie mit sehr leichtem Druck nach einer empfindlichen Stelle.\n"
        "2. Drücken Sie nur sehr sanft – ein leichter, gut aushaltbarer Druck genügt.\n"
        "3. Halten Sie den Druck 10–15 Sekunden und atmen Sie dabei ruhig weiter.\n"
        "4. Lassen Sie sofort nach, wenn es zu stark wird (mehr als etwa 7 von 10), "
        "stechend oder elektrisierend schmerzt oder wenn Kribbeln oder Taubheit auftreten "
        "– ebenso, wenn Sie einen Puls spüren oder Kribbeln in Arm oder Hand auftritt.\n"
        "5. Lösen Sie den Druck langsam und gehen Sie zur nächsten empfindlichen Stelle.",
        "steps_en": "1. Feel for a tender spot with very light pressure.\n"
        "2. Press only very gently – light, easily bearable pressure is enough.\n"
        "3. Hold the pressure for 10–15 seconds while breathing calmly.\n"
        "4. Ease off at once if it gets too strong (more than about 7 out of 10), feels "
        "sharp or electric, or if tingling or numbness appear, if you feel a pulse, or if "
        "tingling appears in your arm or hand.\n"
        "5. Release slowly and move on to the next tender spot.",
    },
    "semispinalis-capitis": {
        "light_steps_de": "1. Setzen Sie sich aufrecht hin. Legen Sie die Fingerspitzen "
        "hinten an den Nacken, 1–2 cm neben der Mitte, und tasten Sie "
        "von oben nach unten nach der empfindlichsten Stelle.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln, Taubheit, Schwindel, "
        "Übelkeit oder Sehstörungen.",
        "light_steps_en": "1. Sit up tall. Place your fingertips at the back of the neck, "
        "1–2 cm from the midline, and feel from top to bottom for the "
        "most tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out "
        "of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling, numbness, dizziness, nausea or changes in "
        "vision.",
    },
    "serratus-posterior-inferior": {
        "position_de": "Im Stehen mit dem Rücken zur Wand. Der Ball liegt auf den "
        "unteren Rippen, seitlich neben der Wirbelsäule, etwa auf "
        "Höhe der untersten Rippen.",
        "position_en": "Standing with your back to a wall. The ball sits on the "
        "lower ribs, to the side of the spine, at about the level of "
        "the lowest ribs.",
    },
    "serratus-posterior-superior": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand und "
        "umarmen Sie sich selbst, damit das Schulterblatt nach "
        "außen gleitet. Der weiche Ball kommt zwischen "
        "Wirbelsäule und oberen, inneren Rand des Schulterblatts "
        "– neben, nicht auf die Wirbelsäule. Lehnen Sie sich "
        "sanft an, bis der Ball auf einer empfindlichen Stelle "
        "liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter "
        "Druckschmerz (etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und "
        "atmen Sie ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei "
        "stechendem oder elektrisierendem Schmerz, Kribbeln oder "
        "Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall and hug yourself so "
        "the shoulder blade slides outwards. The soft ball goes "
        "between the spine and the upper inner edge of the "
        "shoulder blade – beside, not on, the spine. Lean back "
        "gently until the ball rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about "
        "3 out of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep "
        "breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or "
        "electric pain, tingling or numbness.",
    },
    "soleus": {
        "light_steps_de": "1. Setzen Sie sich auf einen Stuhl und stellen Sie den Fuß der schmerzenden "
        "Seite auf einen Hocker, das Knie gebeugt. Tasten Sie mit den Fingern an der "
        "unteren Wade neben der Achillessehne nach einer empfindlichen Stelle.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 von "
        "10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Sit on a chair with the foot of the painful side on a stool and the knee "
        "bent. Feel with your fingers on the lower calf beside the Achilles tendon for "
        "a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). It "
        "should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, tingling "
        "or numbness.",
    },
    "splenius-capitis": {
        "light_steps_de": "1. Setzen Sie sich aufrecht hin. Legen Sie die Fingerspitzen direkt "
        "unter den Rand des Hinterkopfs, einige Zentimeter neben der Mitte – "
        "nur hinten am Nacken, nie vorn am Hals.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln, Taubheit, Schwindel, Übelkeit "
        "oder Sehstörungen.",
        "light_steps_en": "1. Sit up tall. Place your fingertips just below the edge of the "
        "skull, a few centimetres from the midline – only at the back of the "
        "neck, never at the front.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling, numbness, dizziness, nausea or changes in vision.",
    },
    "splenius-cervicis": {
        "light_steps_de": "1. Setzen Sie sich aufrecht hin. Legen Sie die Fingerspitzen "
        "hinten und seitlich an den Nacken, zwischen den Rand des oberen "
        "Trapezmuskels und die Wirbelsäule – nie vorn am Hals.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–20 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln, Taubheit, Schwindel, Übelkeit "
        "oder Sehstörungen.",
        "light_steps_en": "1. Sit up tall. Place your fingertips at the back and side of the "
        "neck, between the edge of the upper trapezius and the spine – "
        "never at the front of the neck.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–20 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling, numbness, dizziness, nausea or changes in vision.",
    },
    "sternocleidomastoid": {
        "cautions_de": "Nur mit dem Zangengriff arbeiten und nie vorn in den Hals drücken – "
        "dort liegt die Halsschlagader. Bei bekannten Erkrankungen der "
        "Halsschlagader nicht selbst behandeln. Schwindel zuerst ärztlich "
        "abklären lassen.",
        "cautions_en": "Only use the pincer grip and never press into the front of the neck "
        "– the carotid artery lies there. Do not self-treat if you have "
        "known carotid artery disease. Have dizziness checked by a doctor "
        "first.",
        "position_de": "Im Sitzen den Kopf leicht zur behandelten Seite drehen, damit der "
        "Muskel weich wird. Fassen Sie den Muskelbauch seitlich am Hals "
        "zwischen Daumen und Fingern und heben Sie ihn leicht vom Hals ab "
        "(nur Zangengriff).",
        "position_en": "Sitting, turn your head slightly towards the side you are treating "
        "so the muscle softens. Grasp the muscle belly at the side of the "
        "neck between thumb and fingers and lift it slightly away from the "
        "neck (pincer grip only).",
    },
    "suboccipitals": {
        "light_steps_de": "1. Setzen Sie sich aufrecht hin. Legen Sie die Fingerspitzen beider "
        "Hände unter den Rand des Hinterkopfs, links und rechts der Mitte, und "
        "nicken Sie ganz klein „ja“, bis Sie die empfindlichste Stelle finden.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa 3 "
        "von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln, Taubheit, Schwindel, Übelkeit, "
        "Sehstörungen, verwaschener Sprache oder Taubheit im Gesicht.",
        "light_steps_en": "1. Sit up tall. Place the fingertips of both hands under the base of "
        'your skull, one on each side of the midline, and make tiny "yes" nods '
        "until you find the most tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of 10). "
        "It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling, numbness, dizziness, nausea, changes in vision, slurred "
        "speech or numbness in the face.",
    },
    "tensor-fasciae-latae": {
        "light_steps_de": "1. Stellen Sie sich aufrecht hin. Tasten Sie mit den "
        "Fingerspitzen vorn-außen an der Hüfte, knapp unterhalb und "
        "seitlich des Knochenvorsprungs vorn am Becken, nach einer "
        "empfindlichen Stelle.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit – auch bei "
        "Brennen oder Taubheit außen am Oberschenkel.",
        "light_steps_en": "1. Stand up tall. Feel with your fingertips on the front-outer "
        "hip, just below and to the side of the bony point at the front "
        "of the pelvis, for a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out "
        "of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling or numbness – also if the outer thigh starts to "
        "burn or feel numb.",
    },
    "trapezius-middle-lower": {
        "light_steps_de": "1. Stellen Sie sich mit dem Rücken an eine Wand, einen "
        "weichen Ball zwischen Schulterblatt und Wirbelsäule – neben, "
        "nicht auf der Wirbelsäule. Lehnen Sie sich sanft an, bis der "
        "Ball auf einer empfindlichen Stelle liegt.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter "
        "Druckschmerz (etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie "
        "ruhig weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem "
        "oder elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Stand with your back to a wall, a soft ball between the "
        "shoulder blade and the spine – beside, not on, the spine. "
        "Lean back gently until the ball rests on a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out "
        "of 10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep "
        "breathing calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric "
        "pain, tingling or numbness.",
    },
    "trapezius-upper": {
        "light_steps_de": "1. Setzen Sie sich aufrecht hin. Fassen Sie den oberen Rand des "
        "Schultermuskels zwischen Hals und Schulterspitze mit Daumen und "
        "Fingern – nur oben auf der Schulter, nie vorn am Hals.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz (etwa "
        "3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln, Taubheit, Schwindel, Übelkeit "
        "oder Sehstörungen.",
        "light_steps_en": "1. Sit up tall. Grasp the upper edge of the shoulder muscle between "
        "the neck and the tip of the shoulder with thumb and fingers – only "
        "on top of the shoulder, never at the front of the neck.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling, numbness, dizziness, nausea or changes in vision.",
    },
    "vastus-lateralis": {
        "light_steps_de": "1. Setzen Sie sich auf einen Stuhl. Tasten Sie mit den "
        "Fingerspitzen oder dem Handballen außen am Oberschenkel entlang, "
        "bis Sie eine empfindliche Stelle finden.\n"
        "2. Drücken Sie nur leicht: höchstens ein leichter Druckschmerz "
        "(etwa 3 von 10). Es darf nicht wehtun.\n"
        "3. Halten Sie den leichten Druck 10–30 Sekunden und atmen Sie ruhig "
        "weiter.\n"
        "4. Lösen Sie langsam. Hören Sie sofort auf bei stechendem oder "
        "elektrisierendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Sit on a chair. Feel along the outer thigh with your fingertips "
        "or the heel of your hand until you find a tender spot.\n"
        "2. Press only lightly: at most a mild tenderness (about 3 out of "
        "10). It should not hurt.\n"
        "3. Hold the light pressure for 10–30 seconds and keep breathing "
        "calmly.\n"
        "4. Release slowly. Stop at once if you feel sharp or electric pain, "
        "tingling or numbness.",
    },
}
