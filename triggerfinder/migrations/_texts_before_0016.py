"""The shipped muscle texts that 0016 replaces, as they were after 0014 (the migration loader skips
modules whose name starts with an underscore). Only fields that changed; ``tool`` changes only together
with the position."""

OLD_TEXTS = {
    "gluteus-medius": {
        "position_de": "Im Stehen seitlich oder mit dem Rücken an einer Wand, der Ball liegt direkt unter dem hinteren Beckenkamm (oberes, äußeres Gesäß). Nicht auf den Ball legen.",
        "position_en": "Standing side-on or with your back to a wall, with the ball just below the back of the pelvic rim (upper outer buttock). Do not lie on the ball.",
    },
    "gluteus-minimus": {
        "position_de": "Im Stehen seitlich zur Wand oder in Seitenlage. Der Ball liegt außen an der Hüfte zwischen Beckenkamm und dem knöchernen Vorsprung des Oberschenkels (Rollhügel). Für mehr Tiefe später den Ball auf den Boden legen.",
        "position_en": "Standing side-on to a wall, or lying on your side. The ball sits on the outer hip between the pelvic rim and the bony point at the top of the thigh (greater trochanter). For more depth, later place the ball on the floor.",
        "steps_de": "1. Lehnen Sie sich sanft gegen den Ball und suchen Sie mit kleinen Bewegungen die empfindlichste Stelle.\n2. Steigern Sie den Druck langsam, bis Sie einen deutlichen, aber gut aushaltbaren Druckschmerz spüren; manchmal tritt dabei Ihr bekannter Schmerz auf.\n3. Halten Sie den Druck 10–30 Sekunden und atmen Sie dabei ruhig weiter.\n4. Lassen Sie sofort nach, wenn es zu stark wird (mehr als etwa 7 von 10), stechend oder elektrisierend schmerzt oder wenn Kribbeln oder Taubheit auftreten.\n5. Lösen Sie den Druck langsam und gehen Sie zur nächsten empfindlichen Stelle.",
        "steps_en": "1. Lean gently into the ball and use small movements to find the most tender spot.\n2. Increase the pressure slowly until you feel clear but easily bearable tenderness; sometimes this brings on your familiar pain.\n3. Hold the pressure for 10–30 seconds while breathing calmly.\n4. Ease off at once if it gets too strong (more than about 7 out of 10), feels sharp or electric, or if tingling or numbness appear.\n5. Release slowly and move on to the next tender spot.",
    },
    "hamstrings": {
        "position_de": "Sitzen Sie auf einem festen Stuhl, der Ball liegt unter der Rückseite des Oberschenkels.",
        "position_en": "Sit on a firm chair with the ball under the back of your thigh.",
        "steps_de": "1. Verschieben Sie das Bein langsam, bis der Ball auf einer empfindlichen Stelle liegt; Sie können das Knie dabei sanft beugen und strecken.\n2. Steigern Sie den Druck langsam, bis Sie einen deutlichen, aber gut aushaltbaren Druckschmerz spüren; manchmal tritt dabei Ihr bekannter Schmerz auf.\n3. Halten Sie den Druck 10–30 Sekunden und atmen Sie dabei ruhig weiter.\n4. Lassen Sie sofort nach, wenn es zu stark wird (mehr als etwa 7 von 10), stechend oder elektrisierend schmerzt oder wenn Kribbeln oder Taubheit auftreten – in der Mitte der Oberschenkelrückseite liegt tief der Ischiasnerv.\n5. Lösen Sie den Druck langsam und gehen Sie zur nächsten empfindlichen Stelle.",
        "steps_en": "1. Move your leg slowly until the ball rests on a tender spot; you can gently bend and straighten the knee.\n2. Increase the pressure slowly until you feel clear but easily bearable tenderness; sometimes this brings on your familiar pain.\n3. Hold the pressure for 10–30 seconds while breathing calmly.\n4. Ease off at once if it gets too strong (more than about 7 out of 10), feels sharp or electric, or if tingling or numbness appear – the sciatic nerve runs deep in the middle of the back of the thigh.\n5. Release slowly and move on to the next tender spot.",
        "handout_steps_de": "1. Setzen Sie sich auf einen festen Stuhl, den Ball unter der Rückseite des Oberschenkels.\n2. Bewegen Sie das Bein langsam, bis der Ball auf einer empfindlichen Stelle liegt.\n3. Drücken Sie deutlich, aber höchstens bis 7 von 10, und halten Sie 10–30 Sekunden.\n4. Legen Sie den Ball sofort anders, wenn es ins Bein kribbelt oder brennt.",
        "handout_steps_en": "1. Sit on a firm chair with the ball under the back of your thigh.\n2. Move your leg slowly until the ball rests on a tender spot.\n3. Press until you clearly feel it, at most 7 out of 10, and hold for 10–30 seconds.\n4. Move the ball at once if tingling or burning runs into your leg.",
        "light_steps_de": "1. Tasten Sie im Sitzen mit beiden Händen unter dem Oberschenkel, nicht in der Kniekehle.\n2. Drücken Sie nur leicht, höchstens bis zu leichtem Druckschmerz (3 von 10).\n3. Halten Sie 10–30 Sekunden und atmen Sie ruhig weiter.\n4. Hören Sie sofort auf bei stechendem Schmerz, Kribbeln oder Taubheit.",
        "light_steps_en": "1. Sit and feel under your thigh with both hands, not in the back of the knee.\n2. Press only lightly: at most a mild tenderness (3 out of 10).\n3. Hold for 10–30 seconds and keep breathing calmly.\n4. Stop at once if you feel sharp pain, tingling or numbness.",
        "cautions_de": "Keinen festen Druck in der Kniekehle. In der Mitte der Oberschenkelrückseite verläuft tief der Ischiasnerv: Bei Kribbeln den Ball verlegen.",
        "cautions_en": "No firm pressure in the back of the knee. The sciatic nerve runs deep in the middle of the back of the thigh: if you feel tingling, move the ball.",
    },
    "quadratus-lumborum": {
        "position_de": "Im Stehen mit dem Rücken zur Wand oder in Rücken- bzw. Seitenlage. Der Ball liegt in der weichen Taille knapp über dem Beckenkamm, etwa eine Handbreit neben der Wirbelsäule und außerhalb des dicken Muskelstrangs direkt neben der Wirbelsäule – nicht oben im Winkel zwischen unterster Rippe und Wirbelsäule (Nierengegend). Beginnen Sie mit einem weichen Ball wie einem Tennisball.",
        "position_en": "Standing with your back to a wall, or lying on your back or side. The ball sits in the soft part of the waist just above the top of the pelvis, about a hand's width from the spine and outside the thick muscle ridge right next to the spine – not up in the angle between the lowest rib and the spine (kidney area). Start with a soft ball such as a tennis ball.",
        "tool": "tennis-ball",
    },
}
