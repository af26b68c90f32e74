<?xml version="1.0" encoding="UTF-8"?>
<!-- A page: title, body, contact, documents, last change, editor login. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:template match="naering[@view='page']" mode="title">
    <xsl:value-of select="page/title"/>
  </xsl:template>

  <xsl:template match="naering[@view='page']" mode="main">
    <article class="page">
      <h1><xsl:value-of select="page/title"/></h1>
      <xsl:apply-templates select="page[@kind='news' or @kind='meeting']" mode="item-head"/>
      <xsl:apply-templates select="latest"/>
      <div class="text">
        <!-- Only a text with images needs the "text" mode (images.xsl);
             the rest is copied in one go, not node by node. -->
        <xsl:choose>
          <xsl:when test="page/body/div//figure[img]">
            <xsl:apply-templates select="page/body/div/node()" mode="text"/>
          </xsl:when>
          <xsl:otherwise><xsl:copy-of select="page/body/div/node()"/></xsl:otherwise>
        </xsl:choose>
      </div>
      <xsl:apply-templates select="items"/>
      <xsl:apply-templates select="page/contact"/>
      <xsl:apply-templates select="page/documents"/>
      <!-- The site's own accessibility statement carries the feedback
           route the regulation asks for: the site's address. -->
      <xsl:if test="page/@path = site/footer/@statement-page and site/footer/email">
        <p class="statement-feedback">
          <xsl:value-of select="concat(nb:s('statement-feedback'), ' ')"/>
          <a href="mailto:{site/footer/email}"><xsl:value-of select="site/footer/email"/></a>
        </p>
      </xsl:if>
      <xsl:apply-templates select="page[@kind='news' or @kind='meeting']" mode="json-ld"/>
      <footer class="page-footer">
        <p class="updated">
          <xsl:value-of select="nb:s('updated')"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="iso" select="page/updated/@datetime"/>
          </xsl:call-template>
        </p>
        <p class="editor-login"><a href="{editor/@url}" rel="nofollow"><xsl:value-of select="nb:s('login')"/></a></p>
      </footer>
    </article>
  </xsl:template>

  <!-- ==== news and meetings ==== -->

  <!-- "tirsdag 3. februar 2026 kl. 09.00" from a time's parts. -->
  <xsl:template name="when">
    <xsl:param name="t"/>
    <xsl:param name="clock" select="true()"/>
    <!-- English: "Tuesday 3 February 2026 at 09:00" -->
    <xsl:variable name="dot"><xsl:if test="$lang != 'en'">.</xsl:if></xsl:variable>
    <xsl:variable name="sep"><xsl:choose><xsl:when test="$lang = 'en'">:</xsl:when><xsl:otherwise>.</xsl:otherwise></xsl:choose></xsl:variable>
    <time datetime="{$t/@datetime}">
      <xsl:value-of select="concat(nb:s(concat('weekday-', $t/@weekday)), ' ', $t/@day, $dot, ' ', nb:s(concat('month-', $t/@month)), ' ', $t/@year)"/>
      <xsl:if test="$clock">
        <xsl:value-of select="concat(' ', nb:s('at-clock'), ' ', $t/@hour, $sep, $t/@minute)"/>
      </xsl:if>
    </time>
  </xsl:template>

  <xsl:template name="span">
    <xsl:param name="w"/>
    <xsl:param name="meeting"/>
    <xsl:call-template name="when">
      <xsl:with-param name="t" select="$w/starts"/>
      <xsl:with-param name="clock" select="$meeting"/>
    </xsl:call-template>
    <xsl:if test="$meeting and $w/ends">
      <xsl:text>–</xsl:text>
      <time datetime="{$w/ends/@datetime}"><xsl:value-of select="concat($w/ends/@hour, substring('.:', 1 + ($lang = 'en'), 1), $w/ends/@minute)"/></time>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page" mode="item-head">
    <p class="item-when">
      <xsl:call-template name="span">
        <xsl:with-param name="w" select="when"/>
        <xsl:with-param name="meeting" select="@kind = 'meeting'"/>
      </xsl:call-template>
    </p>
    <xsl:if test="@kind = 'meeting'">
      <xsl:if test="place">
        <p class="item-place"><xsl:value-of select="concat(nb:s('place'), ': ', place)"/></p>
      </xsl:if>
      <p class="item-status status-{@status}"><xsl:value-of select="nb:s(concat('meeting-status-', @status))"/></p>
      <p class="item-ics"><a href="{@url}?format=ics" type="text/calendar"><xsl:value-of select="nb:s('meeting-ics')"/></a></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="item">
    <li class="item item-{@kind}">
      <xsl:if test="@status = 'cancelled'"><xsl:attribute name="class">item item-meeting cancelled</xsl:attribute></xsl:if>
      <a href="{@url}"><xsl:value-of select="title"/></a>
      <xsl:if test="when">
        <xsl:text> </xsl:text>
        <span class="item-when">
          <xsl:call-template name="span">
            <xsl:with-param name="w" select="when"/>
            <xsl:with-param name="meeting" select="@kind = 'meeting'"/>
          </xsl:call-template>
        </span>
      </xsl:if>
      <xsl:if test="@status = 'cancelled'">
        <xsl:value-of select="concat(' (', nb:s('meeting-status-cancelled'), ')')"/>
      </xsl:if>
      <xsl:if test="place"><xsl:value-of select="concat(', ', place)"/></xsl:if>
      <xsl:if test="summary"><p class="item-summary"><xsl:value-of select="summary"/></p></xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="items">
    <section class="items" aria-labelledby="items-title">
      <h2 id="items-title" class="visually-hidden"><xsl:value-of select="/naering/page/title"/></h2>
      <p class="feeds">
        <a href="{/naering/page/@url}?format=atom" type="application/atom+xml"><xsl:value-of select="nb:s('feed-atom')"/></a>
        <xsl:if test="/naering/page/@kind = 'meeting-list'">
          <xsl:text> · </xsl:text>
          <a href="{/naering/page/@url}?format=ics" type="text/calendar"><xsl:value-of select="nb:s('feed-ics')"/></a>
        </xsl:if>
      </p>
      <xsl:choose>
        <xsl:when test="not(item)"><p><xsl:value-of select="nb:s('no-items')"/></p></xsl:when>
        <xsl:when test="/naering/page/@kind = 'meeting-list'">
          <xsl:if test="item[@upcoming='true']">
            <h3><xsl:value-of select="nb:s('upcoming-meetings')"/></h3>
            <ul class="item-list"><xsl:apply-templates select="item[@upcoming='true']"/></ul>
          </xsl:if>
          <xsl:for-each select="item[@upcoming='false']">
            <xsl:variable name="y" select="when/starts/@year"/>
            <xsl:if test="not(preceding-sibling::item[@upcoming='false'][1]/when/starts/@year = $y)">
              <h3><xsl:value-of select="concat(nb:s('past-meetings'), ' ', $y)"/></h3>
              <ul class="item-list">
                <xsl:apply-templates select="../item[@upcoming='false'][when/starts/@year = $y]"/>
              </ul>
            </xsl:if>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <ul class="item-list"><xsl:apply-templates select="item"/></ul>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@pages &gt; 1">
        <nav class="pager" aria-label="{nb:s('items-pages')}">
          <xsl:if test="@page &gt; 1">
            <a rel="prev" href="{/naering/page/@url}?side={@page - 1}"><xsl:value-of select="nb:s('items-previous')"/></a>
          </xsl:if>
          <xsl:text> </xsl:text>
          <xsl:if test="@page &lt; @pages">
            <a rel="next" href="{/naering/page/@url}?side={@page + 1}"><xsl:value-of select="nb:s('items-next')"/></a>
          </xsl:if>
        </nav>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="latest">
    <xsl:if test="news/item">
      <section class="latest-news" aria-labelledby="latest-news-title">
        <h2 id="latest-news-title"><xsl:value-of select="nb:s('latest-news')"/></h2>
        <ul class="item-list"><xsl:apply-templates select="news/item"/></ul>
      </section>
    </xsl:if>
    <xsl:if test="next-meeting/item">
      <section class="next-meeting" aria-labelledby="next-meeting-title">
        <h2 id="next-meeting-title"><xsl:value-of select="nb:s('next-meeting')"/></h2>
        <ul class="item-list"><xsl:apply-templates select="next-meeting/item"/></ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- schema.org as JSON-LD.  Text goes through the json-string template:
       quotes, backslashes and "</" cannot end the string or the script. -->
  <xsl:template match="page" mode="json-ld">
    <script type="application/ld+json">
      <xsl:text>{"@context":"https://schema.org","@type":"</xsl:text>
      <xsl:value-of select="substring('NewsArticleEvent', 1 + 11 * (@kind = 'meeting'), 11 - 6 * (@kind = 'meeting'))"/>
      <xsl:text>","name":</xsl:text>
      <xsl:call-template name="json-string"><xsl:with-param name="s" select="title"/></xsl:call-template>
      <xsl:text>,"url":</xsl:text>
      <xsl:call-template name="json-string"><xsl:with-param name="s" select="@canonical"/></xsl:call-template>
      <xsl:if test="summary != ''">
        <xsl:text>,"description":</xsl:text>
        <xsl:call-template name="json-string"><xsl:with-param name="s" select="summary"/></xsl:call-template>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="@kind = 'news'">
          <xsl:text>,"headline":</xsl:text>
          <xsl:call-template name="json-string"><xsl:with-param name="s" select="title"/></xsl:call-template>
          <xsl:text>,"datePublished":"</xsl:text><xsl:value-of select="when/starts/@datetime"/>
          <xsl:text>","dateModified":"</xsl:text><xsl:value-of select="updated/@datetime"/>
          <xsl:text>","author":{"@type":"Organization","name":</xsl:text>
          <xsl:call-template name="json-string"><xsl:with-param name="s" select="/naering/site/@name"/></xsl:call-template>
          <xsl:text>}</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:text>,"startDate":"</xsl:text><xsl:value-of select="when/starts/@datetime"/><xsl:text>"</xsl:text>
          <xsl:if test="when/ends">
            <xsl:text>,"endDate":"</xsl:text><xsl:value-of select="when/ends/@datetime"/><xsl:text>"</xsl:text>
          </xsl:if>
          <xsl:text>,"eventStatus":"https://schema.org/</xsl:text>
          <xsl:value-of select="substring('EventScheduledEventCancelled', 1 + 14 * (@status = 'cancelled'), 14)"/>
          <xsl:text>","eventAttendanceMode":"https://schema.org/OfflineEventAttendanceMode"</xsl:text>
          <xsl:if test="place">
            <xsl:text>,"location":{"@type":"Place","name":</xsl:text>
            <xsl:call-template name="json-string"><xsl:with-param name="s" select="place"/></xsl:call-template>
            <xsl:text>}</xsl:text>
          </xsl:if>
          <xsl:text>,"organizer":{"@type":"Organization","name":</xsl:text>
          <xsl:call-template name="json-string"><xsl:with-param name="s" select="/naering/site/@name"/></xsl:call-template>
          <xsl:text>}</xsl:text>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:text>}</xsl:text>
    </script>
  </xsl:template>

  <!-- A JSON string: " \ and < escaped, control characters dropped. -->
  <xsl:template name="json-string">
    <xsl:param name="s"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="json-escape">
      <xsl:with-param name="s" select="translate(string($s), '&#9;&#10;&#13;', '   ')"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <xsl:template name="json-escape">
    <xsl:param name="s"/>
    <xsl:variable name="c" select="substring($s, 1, 1)"/>
    <xsl:choose>
      <xsl:when test="$s = ''"/>
      <xsl:when test="not(contains($s, '&quot;')) and not(contains($s, '\')) and not(contains($s, '&lt;'))">
        <xsl:value-of select="$s"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="$c = '&quot;'"><xsl:text>\"</xsl:text></xsl:when>
          <xsl:when test="$c = '\'"><xsl:text>\\</xsl:text></xsl:when>
          <xsl:when test="$c = '&lt;'"><xsl:text>\u003c</xsl:text></xsl:when>
          <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="json-escape">
          <xsl:with-param name="s" select="substring($s, 2)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="contact">
    <section class="contact" aria-labelledby="kontakt-tittel">
      <h2 id="kontakt-tittel"><xsl:value-of select="nb:s('contact')"/></h2>
      <p>
        <xsl:if test="name != ''">
          <span class="contact-name"><xsl:value-of select="name"/></span>
        </xsl:if>
        <xsl:if test="email != ''">
          <br/>
          <xsl:value-of select="nb:s('email')"/>
          <xsl:text>: </xsl:text>
          <a href="mailto:{email}"><xsl:value-of select="email"/></a>
        </xsl:if>
        <xsl:if test="phone != ''">
          <br/>
          <xsl:value-of select="nb:s('phone')"/>
          <xsl:text>: </xsl:text>
          <a href="tel:{translate(phone, ' ', '')}"><xsl:value-of select="phone"/></a>
        </xsl:if>
      </p>
    </section>
  </xsl:template>

  <xsl:template match="documents[document]">
    <section class="documents" aria-labelledby="dokumenter-tittel">
      <h2 id="dokumenter-tittel">
        <xsl:value-of select="concat(nb:s('documents'), ' (', @count, ')')"/>
      </h2>
      <ul>
        <xsl:for-each select="document">
          <xsl:variable name="type" select="nb:s(concat('type-', current()/@mime))"/>
          <li>
            <a href="{@url}"><xsl:value-of select="title"/></a>
            <span class="doc-meta">
              <xsl:text> (</xsl:text>
              <xsl:choose>
                <xsl:when test="$type"><xsl:value-of select="$type"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="nb:s('type-other')"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="size">
                <xsl:with-param name="bytes" select="@size"/>
              </xsl:call-template>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="date">
                <xsl:with-param name="iso" select="@updated"/>
              </xsl:call-template>
              <!-- What keeps a screen reader out (no tags, no text, locked),
                   not a missing title or language. -->
              <xsl:if test="contains(@checks, 'untagged') or contains(@checks, 'no-text') or contains(@checks, 'encrypted-blocks')">
                <xsl:value-of select="concat(', ', nb:s('doc-not-accessible'))"/>
              </xsl:if>
              <xsl:text>)</xsl:text>
            </span>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="documents"/>
</xsl:stylesheet>
