"""The demo curriculum: realistic German courses, and some progress of the demo volunteer.

Idempotent: pages are looked up by slug under their parent before they are created, the demo
image and document by title, progress rows by their natural keys.
"""

import io

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.demo import demo_user
from courses import editing
from courses.blocks import ACTIVITY_TYPES
from courses.models import (
    ActivityProgress,
    Audience,
    Certificate,
    CourseIndexPage,
    CoursePage,
    ModulePage,
    ModuleProgress,
    QuizAttempt,
)
from courses.services import ensure_certificate_pdf, record_visit, update_completion

# Content helpers -------------------------------------------------------------------------


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def text(html):
    return ("paragraph", html)


def callout(title, html, kind="tip"):
    return ("callout", {"kind": kind, "title": title, "text": html})


def quote(words, who):
    return ("quote", {"quote": words, "attribution": who})


def answer(words, correct=False, feedback=""):
    return {"text": words, "correct": correct, "feedback": feedback}


def question(words, *answers, multiple=False):
    kind = "multiple" if multiple else "single"
    return {"question": words, "kind": kind, "answers": list(answers)}


def quiz(title, *questions, pass_mark=70, intro=""):
    return (
        "quiz",
        {
            "title": title,
            "intro": intro,
            "pass_mark": pass_mark,
            "questions": list(questions),
            "required": True,
        },
    )


def checklist(title, *items, intro=""):
    return ("checklist", {"title": title, "intro": intro, "items": list(items), "required": True})


def reflection(prompt, min_length=40):
    return ("reflection", {"prompt": prompt, "min_length": min_length, "required": True})


def role_play(title, situation, roles, questions):
    return (
        "role_play",
        {
            "title": title,
            "situation": situation,
            "roles": [{"name": name, "brief": brief} for name, brief in roles],
            "guiding_questions": list(questions),
        },
    )


def video(title, url, duration, transcript):
    return ("video", {"title": title, "url": url, "duration": duration, "transcript": transcript})


def done(label=""):
    return ("mark_done", {"label_text": label})


# The curriculum ----------------------------------------------------------------------------


def einstieg(image, document):
    return [
        (
            "warum-klimaschutz-vor-ort",
            "Warum Klimaschutz vor Ort?",
            "Was Kommunen bewirken können – und warum Ehrenamtliche den Unterschied machen.",
            [
                text(
                    "<p>Kommunen sind für einen großen Teil der Treibhausgasemissionen direkt "
                    "oder indirekt verantwortlich: über ihre eigenen Gebäude und Fahrzeuge, die "
                    "Straßenbeleuchtung, die Bauleitplanung und als Vorbild für Bürger:innen und "
                    "Betriebe. Gerade kleine Gemeinden haben aber selten eigenes Personal für "
                    "den Klimaschutz.</p>"
                ),
                (
                    "image",
                    {
                        "image": image,
                        "alt_text": "Menschen beraten an einem Tisch über "
                        "einen Plan für ihre Gemeinde",
                        "caption": "Klimaschutz beginnt im Gespräch.",
                    },
                ),
                quote(
                    "Ohne unsere Patin hätten wir den Antrag für die LED-Umrüstung nie gestellt.",
                    "Ortsbürgermeister einer Verbandsgemeinde",
                ),
                done("Ich habe das Modul gelesen"),
            ],
        ),
        (
            "die-plattform-nutzen",
            "Die Plattform nutzen",
            "Kurse, Fortschritt, Zertifikate und Ihr persönlicher Bereich.",
            [
                text(
                    "<p>Auf dieser Plattform lernen Sie in Kursen, die aus Modulen bestehen. "
                    "Ihr Fortschritt wird gespeichert; unter <em>Mein Bereich</em> sehen Sie, wo "
                    "Sie weitermachen können, und laden Ihre Zertifikate herunter.</p>"
                ),
                callout(
                    "Datenschutz",
                    "<p>Ihre Reflexionen sieht nur Sie selbst. Videos werden erst nach einem "
                    "Klick geladen.</p>",
                    kind="note",
                ),
                quiz(
                    "Kurzer Check",
                    question(
                        "Wo finden Sie Ihre Zertifikate?",
                        answer("Unter „Mein Bereich“", True, "Richtig – dort liegen alle PDFs."),
                        answer(
                            "Nur in der E-Mail",
                            False,
                            "Die E-Mail ist eine Kopie; das "
                            "Zertifikat liegt auch unter „Mein Bereich“.",
                        ),
                    ),
                    pass_mark=100,
                ),
            ],
        ),
    ]


def patin_werden(image, document):
    return [
        (
            "rolle-der-klimaschutzpatinnen",
            "Die Rolle der Klimaschutzpat:innen",
            "Was Pat:innen tun, was nicht – und wie das Programm sie begleitet.",
            [
                heading("Ehrenamtlich, aber nicht allein"),
                text(
                    "<p>Als Klimaschutzpat:in begleiten Sie Ihre Gemeinde oder Ihren Stadtteil "
                    "über etwa zwei Jahre. Sie sind <strong>Impulsgeber:in und Brücke</strong> "
                    "zwischen Verwaltung, Rat und Bürgerschaft. Sie ersetzen kein "
                    "Klimaschutzmanagement und treffen keine Entscheidungen – aber Sie sorgen "
                    "dafür, dass Klimaschutz auf die Tagesordnung kommt und dort bleibt.</p>"
                    "<ul><li>Sie kennen die Menschen vor Ort und ihre Anliegen.</li>"
                    "<li>Sie bringen Ideen und gute Beispiele aus anderen Kommunen mit.</li>"
                    "<li>Ihr:e Regionalmanager:in unterstützt Sie mit Schulungen, Material und "
                    "Kontakten.</li></ul>"
                ),
                (
                    "image",
                    {
                        "image": image,
                        "alt_text": "Eine Patin stellt im Gemeindehaus "
                        "Ideen für den Klimaschutz vor",
                        "caption": "",
                    },
                ),
                callout(
                    "Tipp",
                    "<p>Vereinbaren Sie früh ein Kennenlerngespräch mit der Bürgermeisterin oder "
                    "dem Bürgermeister – am besten gemeinsam mit Ihrer Regionalmanagerin.</p>",
                ),
                quote(
                    "Man muss nicht alles wissen. Man muss wissen, wen man fragt.",
                    "Klimaschutzpatin aus Nieder-Olm",
                ),
                done(),
            ],
        ),
        (
            "wie-eine-kommune-entscheidet",
            "Wie eine Kommune entscheidet",
            "Gemeinderat, Ausschüsse, Verwaltung: wer was beschließt und wann.",
            [
                text(
                    "<p>Über Klimaschutz in der Gemeinde entscheidet der <strong>Gemeinderat"
                    "</strong> (in Städten: Stadtrat). Er beschließt den Haushalt, Konzepte und "
                    "Ziele. Vorbereitet werden die Beschlüsse in <strong>Ausschüssen</strong> und "
                    "von der <strong>Verwaltung</strong>, die Beschlussvorlagen schreibt und "
                    "Beschlüsse umsetzt. Die Bürgermeisterin oder der Bürgermeister leitet die "
                    "Verwaltung und meist auch die Ratssitzungen.</p>"
                    "<p>Ein <strong>Ratsbeschluss</strong> zur Teilnahme am Programm ist der "
                    "Startpunkt: Er gibt Ihnen Rückendeckung und der Verwaltung einen Auftrag.</p>"
                ),
                video(
                    "So entsteht ein Ratsbeschluss",
                    "https://www.youtube.com/watch?v=J---aiyznGQ",
                    "4:10",
                    "<p>Sprecherin: Ein Beschluss beginnt oft mit einer Anregung aus der "
                    "Bürgerschaft. Die Verwaltung prüft und schreibt eine Vorlage, der Ausschuss "
                    "berät, der Rat entscheidet. Danach setzt die Verwaltung um und berichtet.</p>",
                ),
                quiz(
                    "Wissenscheck: Entscheidungen in der Kommune",
                    question(
                        "Wer beschließt ein kommunales Klimaschutzkonzept?",
                        answer(
                            "Der Gemeinderat",
                            True,
                            "Richtig: Konzepte und Ziele beschließt der Rat.",
                        ),
                        answer(
                            "Die Bürgermeisterin allein",
                            False,
                            "Sie leitet die Verwaltung, beschließt aber keine Konzepte allein.",
                        ),
                        answer(
                            "Die Klimaschutzpatin",
                            False,
                            "Sie kann anregen, aber nicht beschließen.",
                        ),
                    ),
                    question(
                        "Was macht die Verwaltung? (mehrere Antworten richtig)",
                        answer("Sie schreibt Beschlussvorlagen.", True, "Genau."),
                        answer("Sie setzt Beschlüsse um.", True, "Genau."),
                        answer(
                            "Sie wählt den Gemeinderat.", False, "Den Rat wählen die Bürger:innen."
                        ),
                        multiple=True,
                    ),
                    question(
                        "Wo wird ein Beschluss meist vorberaten?",
                        answer("Im Fachausschuss", True, "Richtig."),
                        answer(
                            "Im Kreistag", False, "Der Kreistag ist für den Landkreis zuständig."
                        ),
                    ),
                ),
            ],
        ),
        (
            "verbuendete-gewinnen",
            "Verbündete gewinnen",
            "Das erste Gespräch im Rathaus – als Rollenspiel geübt.",
            [
                text(
                    "<p>Ob Klimaschutz in Ihrer Gemeinde vorankommt, hängt an Menschen: an der "
                    "Bürgermeisterin, an engagierten Ratsmitgliedern aller Fraktionen, an der "
                    "Bauamtsleitung, an Vereinen und Betrieben. Suchen Sie Verbündete, bevor Sie "
                    "Anträge stellen.</p>"
                ),
                role_play(
                    "Gespräch mit dem Bürgermeister",
                    "<p>Sie treffen Bürgermeister Weber zum ersten Mal. Die Gemeinde hat 3.200 "
                    "Einwohner:innen, die Verwaltung ist knapp besetzt, der Haushalt angespannt. "
                    "Sie möchten erreichen, dass der Gemeinderat die Teilnahme am Programm "
                    "beschließt.</p>",
                    [
                        (
                            "Klimaschutzpat:in",
                            "Sie möchten einen Ratsbeschluss anstoßen und "
                            "bieten Ihre Unterstützung an. Sie kennen zwei Förderprogramme und ein "
                            "gutes Beispiel aus der Nachbargemeinde.",
                        ),
                        (
                            "Bürgermeister Weber",
                            "Sie finden Klimaschutz wichtig, fürchten aber "
                            "Mehrarbeit für die Verwaltung und Kosten. Sie wollen wissen, was die "
                            "Gemeinde konkret davon hat.",
                        ),
                        (
                            "Beobachter:in",
                            "Sie achten darauf, welche Argumente überzeugen und "
                            "wo das Gespräch stockt, und geben danach Rückmeldung.",
                        ),
                    ],
                    [
                        "Welche Sorgen hat der Bürgermeister, und wie gehen Sie darauf ein?",
                        "Welchen Nutzen für die Gemeinde können Sie konkret benennen?",
                        "Worauf einigen Sie sich als nächsten Schritt?",
                    ],
                ),
                reflection(
                    "<p>Wen in Ihrer Gemeinde möchten Sie als Erstes als Verbündete:n gewinnen, "
                    "und mit welchem Argument?</p>"
                ),
            ],
        ),
        (
            "massnahmen-finden-und-priorisieren",
            "Maßnahmen finden und priorisieren",
            "Vom Ideenspeicher zur kurzen Liste, die der Rat beschließen kann.",
            [
                text(
                    "<p>Gute erste Maßnahmen sind <strong>sichtbar, machbar und förderfähig"
                    "</strong>: die LED-Umrüstung der Straßenbeleuchtung, ein Energiecheck für "
                    "das Gemeindehaus, eine Photovoltaikanlage auf dem Kindergarten, ein "
                    "Mitfahrbänkle. Sammeln Sie zuerst Ideen, bewerten Sie dann nach Wirkung, "
                    "Kosten und Aufwand.</p>"
                ),
                (
                    "document",
                    {
                        "document": document,
                        "title": "Maßnahmenkatalog für kleine Kommunen",
                        "description": "30 erprobte Maßnahmen mit "
                        "Aufwand, Kosten und Förderhinweisen.",
                    },
                ),
                quiz(
                    "Wissenscheck: Maßnahmen bewerten",
                    question(
                        "Welche Maßnahme eignet sich meist besonders gut als Einstieg?",
                        answer(
                            "Die LED-Umrüstung der Straßenbeleuchtung",
                            True,
                            "Richtig: sichtbar, wirksam und gut gefördert.",
                        ),
                        answer(
                            "Ein eigenes Windkraftwerk der Gemeinde",
                            False,
                            "Wichtig, aber für den Einstieg meist zu groß.",
                        ),
                        answer(
                            "Ein Verbot von Ölheizungen",
                            False,
                            "Dafür ist die Gemeinde nicht zuständig.",
                        ),
                    ),
                    question(
                        "Nach welchen Kriterien priorisieren Sie? (mehrere richtig)",
                        answer("CO₂-Wirkung", True, "Ja."),
                        answer("Kosten und Förderung", True, "Ja."),
                        answer("Was die Nachbargemeinde nicht hat", False, "Kein gutes Kriterium."),
                        multiple=True,
                    ),
                    pass_mark=100,
                ),
                checklist(
                    "Ihre Maßnahmenliste",
                    "Ideen aus Verwaltung, Rat und Bürgerschaft gesammelt",
                    "Jede Idee nach Wirkung, Kosten und Aufwand bewertet",
                    "Drei Maßnahmen für das erste Jahr ausgewählt",
                ),
                reflection(
                    "<p>Welche drei Maßnahmen schlagen Sie Ihrer Gemeinde vor, und warum "
                    "gerade diese?</p>"
                ),
            ],
        ),
        (
            "foerderprogramme-nutzen",
            "Förderprogramme nutzen",
            "Kommunalrichtlinie, Landesprogramme und wie ein Antrag gelingt.",
            [
                text(
                    "<p>Die <strong>Kommunalrichtlinie</strong> des Bundes fördert Klimaschutz in "
                    "Kommunen, von der Beratung bis zur Investition; finanzschwache Kommunen "
                    "erhalten höhere Quoten. Dazu kommen Programme der Länder und der KfW. "
                    "Achten Sie auf Fristen: Viele Programme verlangen, dass erst nach der "
                    "Bewilligung beauftragt wird.</p>"
                ),
                callout(
                    "Wichtig",
                    "<p>Kein vorzeitiger Maßnahmenbeginn: Wer vor der Bewilligung Aufträge "
                    "vergibt, verliert meist die Förderung.</p>",
                    kind="warning",
                ),
                quiz(
                    "Wissenscheck: Förderung",
                    question(
                        "Welche Programme fördern kommunalen Klimaschutz? (mehrere richtig)",
                        answer("Die Kommunalrichtlinie", True, "Richtig."),
                        answer("Förderprogramme der Länder", True, "Richtig."),
                        answer("Das Bürgergeld", False, "Das ist eine Sozialleistung."),
                        multiple=True,
                    ),
                    question(
                        "Wann darf die Gemeinde den Auftrag meist vergeben?",
                        answer("Nach der Bewilligung", True, "Genau."),
                        answer(
                            "Sofort, der Antrag läuft ja",
                            False,
                            "Das wäre ein vorzeitiger Maßnahmenbeginn.",
                        ),
                    ),
                ),
            ],
        ),
        (
            "oeffentlichkeitsarbeit",
            "Öffentlichkeitsarbeit",
            "Erfolge sichtbar machen und Mitstreiter:innen finden.",
            [
                text(
                    "<p>Tue Gutes und rede darüber: Ein Artikel im Amtsblatt, ein Stand beim "
                    "Dorffest oder ein Beitrag auf der Website der Gemeinde machen Klimaschutz "
                    "sichtbar. Sprechen Sie Pressetermine immer mit der Verwaltung ab.</p>"
                ),
                video(
                    "Pressearbeit in fünf Minuten",
                    "https://vimeo.com/76979871",
                    "5:02",
                    "<p>Ein guter Pressetext beantwortet die W-Fragen: Wer, was, wann, wo, "
                    "warum – und nennt eine Ansprechperson.</p>",
                ),
                checklist(
                    "Vor dem ersten Presseartikel",
                    "Mit der Verwaltung abgestimmt",
                    "Ein Foto mit Einverständnis der Abgebildeten",
                    "Ansprechperson und Kontakt genannt",
                ),
                reflection(
                    "<p>Welche Geschichte aus Ihrer Gemeinde würden Sie gern in der Zeitung "
                    "lesen?</p>"
                ),
            ],
        ),
    ]


def regionalmanagement(image, document):
    return [
        (
            "kommunen-identifizieren",
            "Kommunen identifizieren",
            "Wo lohnt sich der erste Anruf? Kriterien und Quellen.",
            [
                text(
                    "<p>Beginnen Sie mit Kommunen, in denen es schon Anknüpfungspunkte gibt: "
                    "eine Energiegenossenschaft, ein engagierter Gemeinderat, ein "
                    "Klimaschutzkonzept des Landkreises. Nutzen Sie Ratsinformationssysteme, "
                    "Amtsblätter und Ihre Netzwerke.</p>"
                ),
                checklist(
                    "Ihre Liste möglicher Kommunen",
                    "Zehn Kommunen mit Anknüpfungspunkten notiert",
                    "Ansprechpartner:innen in der Verwaltung recherchiert",
                    "Mit dem Klimaschutzmanagement des Landkreises abgestimmt",
                ),
                (
                    "document",
                    {
                        "document": document,
                        "title": "Steckbrief-Vorlage für Kommunen",
                        "description": "Für Ihre Recherche.",
                    },
                ),
            ],
        ),
        (
            "kommunen-aktivieren",
            "Kommunen aktivieren",
            "Vom ersten Kontakt zum Ratsbeschluss.",
            [
                text(
                    "<p>Der Weg zum Ratsbeschluss führt fast immer über ein persönliches "
                    "Gespräch mit der Bürgermeisterin oder dem Bürgermeister. Bieten Sie eine "
                    "kurze Vorstellung im Rat an und eine Mustervorlage für den Beschluss.</p>"
                ),
                video(
                    "Eine Kommune gewinnen – Erfahrungen aus der Praxis",
                    "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "6:40",
                    "<p>Regionalmanagerin: Am wichtigsten war, zuzuhören. Erst dann haben wir "
                    "über das Programm gesprochen.</p>",
                ),
                quiz(
                    "Wissenscheck: Kommunen aktivieren",
                    question(
                        "Was erleichtert der Verwaltung den Ratsbeschluss am meisten?",
                        answer("Eine Mustervorlage für den Beschluss", True, "Richtig."),
                        answer(
                            "Eine Unterschriftenliste",
                            False,
                            "Kann helfen, ersetzt aber keine Vorlage.",
                        ),
                    ),
                    question(
                        "Was gehört ins erste Gespräch? (mehrere richtig)",
                        answer("Zuhören: Was beschäftigt die Gemeinde?", True, "Ja."),
                        answer("Der konkrete Nutzen für die Gemeinde", True, "Ja."),
                        answer("Ein fertiger Maßnahmenplan", False, "Zu früh."),
                        multiple=True,
                    ),
                ),
            ],
        ),
        (
            "patinnen-gewinnen-und-begleiten",
            "Pat:innen gewinnen und begleiten",
            "Ehrenamtliche finden, einladen und über zwei Jahre begleiten.",
            [
                text(
                    "<p>Pat:innen finden Sie über die Gemeinde selbst, über Vereine, "
                    "Energiegenossenschaften und lokale Initiativen. Laden Sie sie über die "
                    "Plattform ein; mit der Einladung sehen sie die Kurse ihrer Region.</p>"
                ),
                callout(
                    "Tipp",
                    "<p>Zwei Pat:innen pro Kommune tragen sich gegenseitig – und das Projekt "
                    "übersteht Umzüge und Auszeiten.</p>",
                ),
                reflection(
                    "<p>Wie halten Sie den Kontakt zu Ihren Pat:innen, wenn es in einer Kommune "
                    "einmal stockt?</p>"
                ),
            ],
        ),
        (
            "landraete-und-akteure-einbinden",
            "Landrät:innen und weitere Akteur:innen einbinden",
            "Der Landkreis als Verstärker – als Rollenspiel geübt.",
            [
                role_play(
                    "Termin beim Landrat",
                    "<p>Sie stellen Landrätin Schneider das Programm vor. Im Landkreis nehmen "
                    "bisher drei Gemeinden teil. Sie wünschen sich, dass der Kreis das Programm "
                    "bei der nächsten Bürgermeisterdienstbesprechung vorstellt.</p>",
                    [
                        (
                            "Regionalmanager:in",
                            "Sie möchten die Unterstützung des Landkreises "
                            "und einen Termin in der Bürgermeisterdienstbesprechung.",
                        ),
                        (
                            "Landrätin Schneider",
                            "Der Kreis hat ein eigenes "
                            "Klimaschutzmanagement. Sie wollen keine Doppelstrukturen.",
                        ),
                        (
                            "Klimaschutzmanager des Kreises",
                            "Sie sehen Chancen, aber auch Konkurrenz um Fördermittel.",
                        ),
                    ],
                    [
                        "Wie zeigen Sie, dass das Programm das Kreis-Klimaschutzmanagement "
                        "ergänzt?",
                        "Was bieten Sie dem Landkreis an?",
                    ],
                ),
                quote(
                    "Seit der Kreis mitmacht, rufen uns die Gemeinden an – nicht umgekehrt.",
                    "Regionalmanager aus Nordrhein-Westfalen",
                ),
                quiz(
                    "Wissenscheck: Akteur:innen",
                    question(
                        "Welche Rolle kann der Landkreis übernehmen?",
                        answer("Verstärker und Türöffner zu den Gemeinden", True, "Richtig."),
                        answer(
                            "Er beschließt für die Gemeinden",
                            False,
                            "Die Gemeinden entscheiden selbst.",
                        ),
                    ),
                ),
            ],
        ),
        (
            "aufgaben-nach-projektphasen-planen",
            "Aufgaben nach Projektphasen planen",
            "Was in welcher Phase ansteht: vom Start bis zur Verstetigung.",
            [
                heading("Die vier Phasen"),
                text(
                    "<ol><li><strong>Start</strong>: Ratsbeschluss, Kennenlernen, Pat:innen "
                    "schulen.</li><li><strong>Bestandsaufnahme</strong>: Daten, Akteur:innen, "
                    "Ideen sammeln.</li><li><strong>Umsetzung</strong>: Maßnahmen beschließen, "
                    "Förderung beantragen, umsetzen.</li><li><strong>Verstetigung</strong>: "
                    "Erfolge zeigen, Zuständigkeiten klären, weitermachen.</li></ol>"
                ),
                checklist(
                    "Ihr Phasenplan",
                    "Für jede Phase Meilensteine festgelegt",
                    "Aufgaben mit Verantwortlichen und Terminen versehen",
                    "Termine relativ zum Ratsbeschluss geplant",
                ),
                done(),
            ],
        ),
    ]


def rheinland_pfalz(image, document):
    return [
        (
            "foerderung-des-landes",
            "Förderung des Landes Rheinland-Pfalz",
            "Landesprogramme, die kleine Kommunen nutzen können.",
            [
                text(
                    "<p>Neben der Kommunalrichtlinie des Bundes fördert das Land Rheinland-Pfalz "
                    "kommunalen Klimaschutz, etwa über das Kommunale Investitionsprogramm "
                    "Klimaschutz und Innovation (KIPKI). Fragen Sie Ihre Regionalmanagerin nach "
                    "dem aktuellen Stand.</p>"
                ),
                done(),
            ],
        ),
        (
            "ansprechpartner-in-der-region",
            "Ansprechpartner:innen in der Region",
            "Wer Ihnen in Rheinland-Pfalz weiterhilft.",
            [
                text(
                    "<p>Die Energieagentur des Landes, die Klimaschutzmanager:innen der "
                    "Landkreise und die Verbraucherzentrale beraten Kommunen und "
                    "Bürger:innen.</p>"
                ),
                checklist(
                    "Kontakte",
                    "Klimaschutzmanagement des Landkreises notiert",
                    "Regionalbüro der Energieagentur notiert",
                ),
            ],
        ),
    ]


SECTIONS = [
    # slug, title, intro, region slug
    (
        "kurse",
        "Kurse",
        "<p>Die Schulungen des Programms für Klimaschutzpat:innen und Regionalmanager:innen.</p>",
        None,
    ),
    (
        "kurse-rheinland-pfalz",
        "Kurse in Rheinland-Pfalz",
        "<p>Ergänzende Kurse für Pat:innen in Rheinland-Pfalz.</p>",
        "rheinland-pfalz",
    ),
]

COURSES = [
    # section slug, slug, title, audience, hours, intro, goals, modules
    (
        "kurse",
        "einstieg",
        "Einstieg: Klimaschutz in Kommunen",
        Audience.EVERYONE,
        1,
        "<p>Ein kurzer Einstieg für alle im Programm: warum Klimaschutz vor Ort zählt und wie "
        "Sie diese Plattform nutzen.</p>",
        ["Die Rolle der Kommunen im Klimaschutz erklären", "Die Lernplattform nutzen"],
        einstieg,
    ),
    (
        "kurse",
        "klimaschutzpatin-werden",
        "Klimaschutzpat:in werden",
        Audience.VOLUNTEERS,
        6,
        "<p>Die Grundschulung für Klimaschutzpat:innen: Ihre Rolle, wie Ihre Kommune "
        "entscheidet, wie Sie Verbündete gewinnen, Maßnahmen auswählen, Förderung nutzen und "
        "darüber sprechen.</p>",
        [
            "Die eigene Rolle als Pat:in beschreiben",
            "Entscheidungswege in der Kommune kennen",
            "Ein Gespräch mit der Bürgermeisterin vorbereiten",
            "Maßnahmen priorisieren und Förderprogramme finden",
        ],
        patin_werden,
    ),
    (
        "kurse",
        "regionalmanagement",
        "Regionalmanagement: Kommunen und Pat:innen gewinnen",
        Audience.REGIONAL_MANAGERS,
        5,
        "<p>Für Regionalmanager:innen: Kommunen finden und aktivieren, Pat:innen gewinnen, "
        "Landkreise und weitere Akteur:innen einbinden und die Arbeit nach Projektphasen "
        "planen.</p>",
        [
            "Geeignete Kommunen identifizieren",
            "Den Weg zum Ratsbeschluss begleiten",
            "Landrät:innen und Akteur:innen einbinden",
            "Aufgaben den Projektphasen zuordnen",
        ],
        regionalmanagement,
    ),
    (
        "kurse-rheinland-pfalz",
        "klimaschutz-in-rheinland-pfalz",
        "Klimaschutz in Rheinland-Pfalz",
        Audience.VOLUNTEERS,
        1,
        "<p>Was Pat:innen in Rheinland-Pfalz zusätzlich wissen sollten.</p>",
        ["Landesförderung kennen", "Regionale Ansprechpartner:innen finden"],
        rheinland_pfalz,
    ),
]


# Media ---------------------------------------------------------------------------------------


def demo_image():
    from PIL import Image as PILImage
    from PIL import ImageDraw
    from wagtail.images.models import Image

    title = "Demo: Beratung in der Gemeinde"
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    picture = PILImage.new("RGB", (1200, 600), (230, 242, 232))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((80, 380, 1120, 420), fill=(29, 107, 47))
    for x in (200, 450, 700, 950):
        draw.ellipse((x, 200, x + 120, 320), fill=(18, 64, 28))
        draw.rectangle((x + 20, 320, x + 100, 380), fill=(18, 64, 28))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="demo-beratung.png")
    )


def demo_document():
    from fpdf import FPDF
    from wagtail.documents.models import Document

    from courses.certificates import PDF_ENCODING, pdf_text

    title = "Demo: Maßnahmenkatalog für kleine Kommunen"
    document = Document.objects.filter(title=title).first()
    if document:
        return document
    pdf = FPDF()
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(
        0,
        10,
        pdf_text("Maßnahmenkatalog für kleine Kommunen (Demo)"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 11)
    for line in (
        "1. LED-Umrüstung der Straßenbeleuchtung – Wirkung hoch, Förderung: Kommunalrichtlinie",
        "2. Energiecheck für kommunale Gebäude – Wirkung mittel, Aufwand gering",
        "3. Photovoltaik auf Dächern der Gemeinde – Wirkung hoch, wirtschaftlich",
        "4. Mitfahrbänke und Carsharing – sichtbar, günstig",
    ):
        pdf.multi_cell(0, 7, pdf_text(line), new_x="LMARGIN", new_y="NEXT")
    upload = SimpleUploadedFile(
        "massnahmenkatalog.pdf", bytes(pdf.output()), content_type="application/pdf"
    )
    return Document.objects.create(title=title, file=upload)


# Seeding -------------------------------------------------------------------------------------


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page, True
    return page, False


def seed(stdout) -> None:
    from home.models import HomePage

    home = HomePage.objects.first()
    image, document = demo_image(), demo_document()
    sections = {}
    for slug, title, intro, region_slug in SECTIONS:
        region = _region(region_slug) if region_slug else None
        if region_slug and region is None:
            stdout.write(f"  no region {region_slug!r}: its course section is left out")
            continue
        section, created = _child(home, CourseIndexPage, slug, title=title, intro=intro)
        if region is not None and section.region_id != region.pk:
            section.region = region
            section.save_revision().publish()
        sections[slug] = section
        stdout.write(f"  course section {'created' if created else 'kept'}: {section.url}")
    courses = {}
    for section_slug, slug, title, audience, hours, intro, goals, modules in COURSES:
        if section_slug not in sections:
            continue
        course, created = _child(
            sections[section_slug],
            CoursePage,
            slug,
            title=title,
            audience=audience,
            estimated_hours=hours,
            intro=intro,
            learning_goals=[("goal", goal) for goal in goals],
        )
        for module_slug, module_title, module_intro, body in modules(image, document):
            _child(
                course,
                ModulePage,
                module_slug,
                title=module_title,
                intro=module_intro,
                body=body,
                estimated_minutes=20,
            )
        courses[slug] = course
        stdout.write(f"  course {'created' if created else 'kept'}: {title}")
    editing.setup_all()
    _volunteer_progress(courses, stdout)


def _region(slug):
    from municipalities.models import Region

    return Region.objects.filter(Q(slug=slug) | Q(slug="rlp")).order_by("pk").first()


def _complete(user, module, child):
    """Record a finished activity the way a submission would (quiz passed, all ticked, …)."""
    progress, _created = ActivityProgress.objects.get_or_create(
        user=user, module=module, block_id=child.id, defaults={"kind": child.block_type}
    )
    if progress.completed_at:
        return
    value = child.value
    if child.block_type == "quiz":
        answers = {
            q.id: [a.id for a in q.value["answers"].bound_blocks if a.value["correct"]]
            for q in value["questions"].bound_blocks
        }
        QuizAttempt.objects.create(
            progress=progress,
            revision_id=module.live_revision_id,
            answers=answers,
            score=100,
            passed=True,
        )
        progress.score = progress.best_score = 100
        progress.last_answers = answers
    elif child.block_type == "checklist":
        progress.checked_items = [item.id for item in value["items"].bound_blocks]
    elif child.block_type == "reflection":
        progress.reflection = "<p>Ich spreche zuerst mit unserer Ortsbürgermeisterin.</p>"
    progress.completed_at = timezone.now()
    progress.revision_id = module.live_revision_id
    progress.version += 1
    progress.save()


@transaction.atomic
def _work_through(user, course, module_slugs):
    for module in ModulePage.objects.child_of(course).live().filter(slug__in=module_slugs):
        record_visit(user, module, course)
        for child in module.body:
            if child.block_type in ACTIVITY_TYPES:
                _complete(user, module, child)
        update_completion(user, module, course)


def _volunteer_progress(courses, stdout) -> None:
    volunteer = demo_user("pate@example.org")
    if "einstieg" in courses:
        course = courses["einstieg"]
        _work_through(volunteer, course, ["warum-klimaschutz-vor-ort", "die-plattform-nutzen"])
        certificate = Certificate.objects.filter(user=volunteer, course=course).first()
        if certificate is not None:
            ensure_certificate_pdf(certificate)
            if certificate.emailed_at is None:  # the demo sends no mail
                Certificate.objects.filter(pk=certificate.pk).update(emailed_at=timezone.now())
            stdout.write(f"  certificate of the demo volunteer: {certificate.code}")
    if "klimaschutzpatin-werden" in courses:
        course = courses["klimaschutzpatin-werden"]
        _work_through(
            volunteer,
            course,
            ["rolle-der-klimaschutzpatinnen", "wie-eine-kommune-entscheidet"],
        )
        third = ModulePage.objects.child_of(course).filter(slug="verbuendete-gewinnen").first()
        if third and not ModuleProgress.objects.filter(user=volunteer, module=third).exists():
            record_visit(volunteer, third, course)
