<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editor's pages: edit (with preview and move), new page, history,
  diff, conflict, trash, recent changes and the site's details.  Every form posts the CSRF
  token; every field has a label, its limit and its error beside it.
  Form field names are a contract for tests and tools: title, summary,
  body, contact_name, contact_email, contact_phone, comment, status,
  revision, csrf, handling; for the site's details organisation, about,
  address, phone, email, statement.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:template match="naering[editor/@user]" mode="title">
    <xsl:value-of select="nb:s(concat('ed-title-', current()/@view))"/>
    <xsl:if test="page/title">
      <xsl:value-of select="concat(': ', page/title)"/>
    </xsl:if>
  </xsl:template>

  <!-- A link of the editor's bar; the view it leads to is marked as the
       current one while it shows (views: its view names between spaces). -->
  <xsl:template name="bar-link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:param name="views"/>
    <li>
      <a href="{$href}">
        <xsl:if test="contains($views, concat(' ', /naering/@view, ' '))">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="$text"/>
      </a>
    </li>
  </xsl:template>

  <!-- The bar on every editor page: who, where, what else. -->
  <xsl:template name="editor-bar">
    <xsl:variable name="ed" select="/naering/editor"/>
    <nav class="editor-bar" aria-label="{nb:s('ed-bar')}">
      <p class="editor-user">
        <xsl:value-of select="concat(nb:s('ed-logged-in-as'), ' ')"/>
        <strong><xsl:value-of select="$ed/@user"/></strong>
      </p>
      <ul class="editor-nav">
        <xsl:if test="page">
          <xsl:call-template name="bar-link">
            <xsl:with-param name="href" select="$ed/@url"/>
            <xsl:with-param name="text" select="nb:s('ed-edit')"/>
            <xsl:with-param name="views" select="' edit conflict '"/>
          </xsl:call-template>
          <li><a href="{page/@url}"><xsl:value-of select="nb:s('ed-view-page')"/></a></li>
          <xsl:call-template name="bar-link">
            <xsl:with-param name="href" select="concat($ed/@url, '?vis=historikk')"/>
            <xsl:with-param name="text" select="nb:s('ed-history')"/>
            <xsl:with-param name="views" select="' history diff '"/>
          </xsl:call-template>
          <xsl:call-template name="bar-link">
            <xsl:with-param name="href" select="concat($ed/@url, '?vis=dokumenter')"/>
            <xsl:with-param name="text" select="concat(nb:s('documents'), ' (', page/documents/@count, ')')"/>
            <xsl:with-param name="views" select="' documents '"/>
          </xsl:call-template>
          <xsl:call-template name="bar-link">
            <xsl:with-param name="href" select="concat($ed/@url, '?vis=bilder')"/>
            <xsl:with-param name="text" select="nb:s('ed-images')"/>
            <xsl:with-param name="views" select="' images image '"/>
          </xsl:call-template>
          <xsl:call-template name="bar-link">
            <xsl:with-param name="href" select="concat($ed/@url, '?vis=ny')"/>
            <xsl:with-param name="text" select="nb:s('ed-new-child')"/>
            <xsl:with-param name="views" select="' new '"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=endringer')"/>
          <xsl:with-param name="text" select="nb:s('ed-changes')"/>
          <xsl:with-param name="views" select="' changes '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=papirkurv')"/>
          <xsl:with-param name="text" select="nb:s('ed-trash')"/>
          <xsl:with-param name="views" select="' trash '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=nettsted')"/>
          <xsl:with-param name="text" select="nb:s('ed-site')"/>
          <xsl:with-param name="views" select="' site '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=tilgjengelighet')"/>
          <xsl:with-param name="text" select="nb:s('ed-a11y')"/>
          <xsl:with-param name="views" select="' a11y '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=dokumentsjekk')"/>
          <xsl:with-param name="text" select="nb:s('ed-doc-checks')"/>
          <xsl:with-param name="views" select="' doc-checks '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=brutte-lenker')"/>
          <xsl:with-param name="text" select="nb:s('ed-broken-links')"/>
          <xsl:with-param name="views" select="' broken-links '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=planlagt')"/>
          <xsl:with-param name="text" select="nb:s('ed-scheduled')"/>
          <xsl:with-param name="views" select="' scheduled '"/>
        </xsl:call-template>
        <xsl:call-template name="bar-link">
          <xsl:with-param name="href" select="concat($ed/@home, '?vis=gjennomgang')"/>
          <xsl:with-param name="text" select="nb:s('ed-review')"/>
          <xsl:with-param name="views" select="' review '"/>
        </xsl:call-template>
        <li><a href="{$ed/@home}?vis=logg-ut"><xsl:value-of select="nb:s('ed-logout')"/></a></li>
      </ul>
    </nav>
    <xsl:if test="$ed/@notice and nb:s(concat('notice-', $ed/@notice))">
      <p class="notice" role="status"><xsl:value-of select="nb:s(concat('notice-', $ed/@notice))"/></p>
    </xsl:if>
    <xsl:apply-templates select="/naering/incoming"/>
  </xsl:template>

  <!-- Who links to what is about to go to the trash, and the button that
       confirms it. -->
  <xsl:template match="incoming">
    <div class="error-summary" role="alert" tabindex="-1">
      <h2><xsl:value-of select="nb:s('ed-incoming')"/></h2>
      <p><xsl:value-of select="nb:s(concat('ed-incoming-', @action))"/></p>
      <ul>
        <xsl:for-each select="page">
          <li><a href="{@edit}"><xsl:value-of select="."/></a></li>
        </xsl:for-each>
      </ul>
      <form method="post" action="{/naering/editor/@url}" class="inline-form" aria-label="{nb:s('ed-incoming-confirm')}">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="bekreft" value="ja"/>
        <xsl:if test="@dok"><input type="hidden" name="dok" value="{@dok}"/></xsl:if>
        <button type="submit" name="handling" value="{@action}" class="danger"><xsl:value-of select="nb:s('ed-incoming-confirm')"/></button>
      </form>
    </div>
  </xsl:template>

  <!-- ==== broken links ==== -->
  <!-- ==== the site's accessibility report ==== -->
  <xsl:template match="naering[@view='a11y']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-a11y')"/></h1>
    <p><xsl:value-of select="nb:s('ed-a11y-report-intro')"/></p>
    <xsl:choose>
      <xsl:when test="a11y-report/page">
        <p><xsl:value-of select="concat(count(a11y-report/page), ' ', nb:s('ed-a11y-pages'))"/></p>
        <table class="editor-table">
          <caption><xsl:value-of select="nb:s('ed-a11y-kinds')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="nb:s('ed-a11y-kind')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('ed-a11y-number')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="a11y-report/page/a11y/warning[not(@kind = preceding::warning/@kind)]">
              <tr>
                <td><xsl:value-of select="nb:s(concat('a11y-', @kind))"/></td>
                <td><xsl:value-of select="count(/naering/a11y-report/page/a11y/warning[@kind = current()/@kind])"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <div class="a11y-report">
          <xsl:for-each select="a11y-report/page">
            <section class="a11y-warnings" aria-labelledby="a11y-{position()}">
              <h2 id="a11y-{position()}">
                <a href="{@edit}"><xsl:value-of select="title"/></a>
                <xsl:if test="@draft"><xsl:value-of select="concat(' (', nb:s('draft-mark'), ')')"/></xsl:if>
                <xsl:value-of select="concat(' – ', @path, ' (', a11y/@count, ')')"/>
              </h2>
              <ul><xsl:apply-templates select="a11y/warning"/></ul>
            </section>
          </xsl:for-each>
        </div>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="nb:s('ed-a11y-none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="naering[@view='broken-links']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-broken-links')"/></h1>
    <p><xsl:value-of select="nb:s('ed-broken-links-intro')"/></p>
    <xsl:choose>
      <xsl:when test="broken-links/link">
        <table class="editor-table" tabindex="0">
          <caption><xsl:value-of select="nb:s('ed-broken-links-caption')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="nb:s('ed-broken-links-page')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('ed-broken-links-href')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="broken-links/link">
              <tr>
                <td><a href="{@edit-url}"><xsl:value-of select="."/></a></td>
                <td><xsl:value-of select="@href"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="nb:s('ed-broken-links-none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{/naering/editor/@csrf}"/>
  </xsl:template>

  <!-- A labelled field with hint and error; ids f-NAME. -->
  <xsl:template name="field">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="false()"/>
    <xsl:variable name="error" select="/naering/form/error[@field=$name][1]"/>
    <xsl:variable name="hint" select="nb:s(concat('hint-', $name))"/>
    <div class="field">
      <label for="f-{$name}"><xsl:value-of select="nb:s(concat('field-', $name))"/></label>
      <xsl:if test="$hint">
        <p class="hint" id="f-{$name}-hint"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:if test="$error">
        <p class="field-error" id="f-{$name}-error">
          <xsl:value-of select="nb:s(concat('error-', $error/@key))"/>
        </p>
      </xsl:if>
      <xsl:variable name="described">
        <xsl:if test="$hint">f-<xsl:value-of select="$name"/>-hint </xsl:if>
        <xsl:if test="$error">f-<xsl:value-of select="$name"/>-error</xsl:if>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="f-{$name}" name="{$name}" rows="3">
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="described" select="normalize-space($described)"/>
              <xsl:with-param name="max" select="$max"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="f-{$name}" name="{$name}" type="{$type}" value="{$value}">
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="error" select="$error"/>
              <xsl:with-param name="described" select="normalize-space($described)"/>
              <xsl:with-param name="max" select="$max"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template name="field-attrs">
    <xsl:param name="error"/>
    <xsl:param name="described"/>
    <xsl:param name="max"/>
    <xsl:param name="required"/>
    <xsl:if test="$max != ''"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
    <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
    <xsl:if test="$error"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
    <xsl:if test="$described != ''"><xsl:attribute name="aria-describedby"><xsl:value-of select="$described"/></xsl:attribute></xsl:if>
  </xsl:template>

  <!-- What a news item or a meeting says about time, a listing's kind,
       and "Publiser endringen" (a scheduled save).  The kind of what is
       edited: the page's own, or on a new page its listing's item. -->
  <xsl:template name="time-fields">
    <xsl:variable name="f" select="/naering/form"/>
    <xsl:variable name="pk" select="/naering/page/@kind"/>
    <xsl:variable name="new" select="/naering/@view = 'new'"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="$new and $pk = 'news-list'">news</xsl:when>
        <xsl:when test="$new and $pk = 'meeting-list'">meeting</xsl:when>
        <xsl:when test="$new">page</xsl:when>
        <xsl:otherwise><xsl:value-of select="$pk"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="not($new) and ($kind = 'page' or $kind = 'news-list' or $kind = 'meeting-list')">
      <div class="field">
        <label for="f-kind"><xsl:value-of select="nb:s('field-kind')"/></label>
        <select id="f-kind" name="kind">
          <xsl:call-template name="option"><xsl:with-param name="v" select="'page'"/><xsl:with-param name="now" select="$kind"/><xsl:with-param name="key" select="'kind-'"/></xsl:call-template>
          <xsl:call-template name="option"><xsl:with-param name="v" select="'news-list'"/><xsl:with-param name="now" select="$kind"/><xsl:with-param name="key" select="'kind-'"/></xsl:call-template>
          <xsl:call-template name="option"><xsl:with-param name="v" select="'meeting-list'"/><xsl:with-param name="now" select="$kind"/><xsl:with-param name="key" select="'kind-'"/></xsl:call-template>
        </select>
      </div>
    </xsl:if>
    <xsl:if test="$kind = 'news' or $kind = 'meeting'">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'starts'"/>
        <xsl:with-param name="value" select="$f/starts"/>
        <xsl:with-param name="type" select="'datetime-local'"/>
        <xsl:with-param name="required" select="$kind = 'meeting'"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$kind = 'meeting'">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'ends'"/>
        <xsl:with-param name="value" select="$f/ends"/>
        <xsl:with-param name="type" select="'datetime-local'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'place'"/>
        <xsl:with-param name="value" select="$f/place"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <div class="field">
        <label for="f-event_status"><xsl:value-of select="nb:s('field-event_status')"/></label>
        <select id="f-event_status" name="event_status">
          <xsl:call-template name="option"><xsl:with-param name="v" select="'planned'"/><xsl:with-param name="now" select="$f/event-status"/><xsl:with-param name="key" select="'meeting-status-'"/></xsl:call-template>
          <xsl:call-template name="option"><xsl:with-param name="v" select="'held'"/><xsl:with-param name="now" select="$f/event-status"/><xsl:with-param name="key" select="'meeting-status-'"/></xsl:call-template>
          <xsl:call-template name="option"><xsl:with-param name="v" select="'cancelled'"/><xsl:with-param name="now" select="$f/event-status"/><xsl:with-param name="key" select="'meeting-status-'"/></xsl:call-template>
        </select>
      </div>
    </xsl:if>
    <xsl:if test="not($new)">
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'planlagt'"/>
        <xsl:with-param name="value" select="$f/planlagt"/>
        <xsl:with-param name="type" select="'datetime-local'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
  <xsl:template name="option">
    <xsl:param name="v"/>
    <xsl:param name="now"/>
    <xsl:param name="key"/>
    <option value="{$v}">
      <xsl:if test="$v = $now"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="nb:s(concat($key, $v))"/>
    </option>
  </xsl:template>

  <!-- The page's fields; shared by edit, new and conflict. -->
  <xsl:template name="page-fields">
    <xsl:variable name="f" select="/naering/form"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'title'"/>
      <xsl:with-param name="value" select="$f/title"/>
      <xsl:with-param name="max" select="200"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'summary'"/>
      <xsl:with-param name="value" select="$f/summary"/>
      <xsl:with-param name="max" select="300"/>
      <xsl:with-param name="type" select="'textarea'"/>
    </xsl:call-template>
    <xsl:variable name="berror" select="$f/error[@field='body'][1]"/>
    <div class="field field-body">
      <label for="f-body" id="f-body-label"><xsl:value-of select="nb:s('field-body')"/></label>
      <p class="hint" id="f-body-hint"><xsl:value-of select="nb:s('hint-body')"/></p>
      <xsl:if test="$berror">
        <p class="field-error" id="f-body-error"><xsl:value-of select="nb:s(concat('error-', $berror/@key))"/></p>
      </xsl:if>
      <div class="rich" data-rich-for="f-body" data-images="{concat(/naering/site/@url, 'bilder')}"></div>
      <textarea id="f-body" name="body" rows="20" class="rich-source" aria-describedby="f-body-hint">
        <!-- the text's language, for screen readers and spelling -->
        <xsl:attribute name="lang">
          <xsl:choose>
            <xsl:when test="$f/lang != ''"><xsl:value-of select="$f/lang"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="/naering/site/@lang"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:if test="$berror"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
        <xsl:value-of select="$f/body"/>
      </textarea>
    </div>
    <xsl:call-template name="time-fields"/>
    <fieldset class="contact-fields">
      <legend><xsl:value-of select="nb:s('contact')"/></legend>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'contact_name'"/>
        <xsl:with-param name="value" select="$f/contact-name"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'contact_email'"/>
        <xsl:with-param name="value" select="$f/contact-email"/>
        <xsl:with-param name="max" select="200"/>
        <xsl:with-param name="type" select="'email'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'contact_phone'"/>
        <xsl:with-param name="value" select="$f/contact-phone"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="type" select="'tel'"/>
      </xsl:call-template>
    </fieldset>
    <div class="field">
      <label for="f-sprak"><xsl:value-of select="nb:s('field-sprak')"/></label>
      <p class="hint" id="f-sprak-hint"><xsl:value-of select="nb:s('hint-sprak')"/></p>
      <select id="f-sprak" name="sprak" aria-describedby="f-sprak-hint">
        <option value="standard">
          <xsl:value-of select="concat(nb:s('lang-default'), ' (', nb:s(concat('lang-', /naering/site/@lang)), ')')"/>
        </option>
        <xsl:call-template name="lang-option"><xsl:with-param name="code" select="'nb'"/></xsl:call-template>
        <xsl:call-template name="lang-option"><xsl:with-param name="code" select="'nn'"/></xsl:call-template>
        <xsl:call-template name="lang-option"><xsl:with-param name="code" select="'en'"/></xsl:call-template>
      </select>
    </div>
    <fieldset class="status-fields">
      <legend><xsl:value-of select="nb:s('field-status')"/></legend>
      <div class="choice">
        <input type="radio" id="f-status-pub" name="status" value="publisert">
          <xsl:if test="$f/status = 'publisert'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-status-pub"><xsl:value-of select="nb:s('status-published')"/></label>
      </div>
      <div class="choice">
        <input type="radio" id="f-status-draft" name="status" value="utkast">
          <xsl:if test="$f/status = 'utkast'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-status-draft"><xsl:value-of select="nb:s('status-draft')"/></label>
      </div>
    </fieldset>
    <fieldset class="status-fields">
      <legend><xsl:value-of select="nb:s('field-menu')"/></legend>
      <div class="choice">
        <input type="radio" id="f-menu-show" name="meny" value="vis">
          <xsl:if test="$f/menu != 'skjul'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-menu-show"><xsl:value-of select="nb:s('menu-show')"/></label>
      </div>
      <div class="choice">
        <input type="radio" id="f-menu-hide" name="meny" value="skjul">
          <xsl:if test="$f/menu = 'skjul'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="f-menu-hide"><xsl:value-of select="nb:s('menu-hide')"/></label>
      </div>
    </fieldset>
    <xsl:call-template name="field">
      <xsl:with-param name="name" select="'comment'"/>
      <xsl:with-param name="value" select="$f/comment"/>
      <xsl:with-param name="max" select="500"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="lang-option">
    <xsl:param name="code"/>
    <option value="{$code}">
      <xsl:if test="$code = /naering/form/lang"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="nb:s(concat('lang-', $code))"/>
    </option>
  </xsl:template>

  <!-- ==== edit ==== -->
  <xsl:template match="naering[@view='edit']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-edit'), ': ', page/title)"/></h1>
    <xsl:if test="page/@draft = 'true'">
      <p class="notice draft-notice"><xsl:value-of select="nb:s('ed-is-draft')"/></p>
    </xsl:if>
    <xsl:if test="page/@hidden = 'true'">
      <p class="notice draft-notice"><xsl:value-of select="nb:s('ed-is-hidden')"/></p>
    </xsl:if>
    <xsl:call-template name="form-errors"/>
    <xsl:if test="preview">
      <section class="preview" aria-labelledby="preview-title">
        <h2 id="preview-title"><xsl:value-of select="nb:s('ed-preview')"/></h2>
        <div class="preview-frame">
          <h1><xsl:value-of select="form/title"/></h1>
          <div class="text"><xsl:apply-templates select="preview/div/node()" mode="text"/></div>
        </div>
      </section>
    </xsl:if>
    <xsl:if test="form/@replaces">
      <p class="notice" role="status"><xsl:value-of select="nb:s('ed-editing-scheduled')"/></p>
    </xsl:if>
    <xsl:apply-templates select="a11y[warning]" mode="form"/>
    <form class="editor-form" method="post" action="{editor/@url}" data-warn-unsaved="" aria-label="{nb:s('ed-form-edit')}">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="revision" value="{form/@revision}"/>
      <xsl:if test="form/@replaces">
        <input type="hidden" name="erstatter" value="{form/@replaces}"/>
      </xsl:if>
      <xsl:call-template name="page-fields"/>
      <div class="actions">
        <button type="submit" name="handling" value="forhandsvis"><xsl:value-of select="nb:s('ed-preview')"/></button>
        <button type="submit" name="handling" value="lagre" class="primary"><xsl:value-of select="nb:s('ed-save')"/></button>
      </div>
    </form>
    <xsl:call-template name="translations-tools"/>
    <xsl:call-template name="time-tools"/>
    <xsl:if test="page/@path != '/'">
      <xsl:call-template name="page-tools"/>
    </xsl:if>
  </xsl:template>

  <!-- ==== time: what is scheduled, reviews ==== -->

  <!-- A table of scheduled changes with a form each to move or cancel it;
       from says where the forms come back to. -->
  <xsl:template name="scheduled-table">
    <xsl:param name="from" select="''"/>
    <table class="editor-table" tabindex="0">
      <caption><xsl:value-of select="nb:s('ed-scheduled-caption')"/></caption>
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="nb:s('ed-when')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('field-title')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('ed-scheduled-what')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('ed-who')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('ed-scheduled-change')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="scheduled/change">
          <tr>
            <td><xsl:call-template name="when"><xsl:with-param name="t" select="due"/></xsl:call-template></td>
            <td>
              <a href="{@edit-url}"><xsl:value-of select="title"/></a>
              <xsl:if test="@action = 'revision'">
                <xsl:text> </xsl:text>
                <a href="{@edit-url}?vis=planlagt-tekst&amp;id={@id}" class="small-link"><xsl:value-of select="nb:s('ed-scheduled-edit-text')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', title)"/></span></a>
              </xsl:if>
              <xsl:if test="@state = 'failed' or error">
                <p class="field-error"><xsl:value-of select="concat(nb:s('ed-scheduled-failed'), ' ', error)"/></p>
              </xsl:if>
            </td>
            <td><xsl:value-of select="nb:s(concat('ed-scheduled-', @action))"/></td>
            <td><xsl:value-of select="@by"/></td>
            <td>
              <form method="post" action="{@edit-url}" class="inline-form">
                <xsl:call-template name="csrf"/>
                <input type="hidden" name="id" value="{@id}"/>
                <input type="hidden" name="fra" value="{$from}"/>
                <label for="s-{@id}-t"><xsl:value-of select="nb:s('ed-scheduled-new-time')"/></label>
                <input id="s-{@id}-t" type="datetime-local" name="tidspunkt" value="{@input}" required="required"/>
                <button type="submit" name="handling" value="planlagt-endre"><xsl:value-of select="nb:s('ed-scheduled-move')"/></button>
                <button type="submit" name="handling" value="planlagt-avbryt"><xsl:value-of select="nb:s('ed-scheduled-cancel')"/></button>
              </form>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="time-tools">
    <section class="page-tools" aria-labelledby="time-title">
      <h2 id="time-title"><xsl:value-of select="nb:s('ed-time')"/></h2>
      <xsl:if test="scheduled/change">
        <xsl:call-template name="scheduled-table"/>
      </xsl:if>
      <form method="post" action="{editor/@url}" class="tool-form">
        <xsl:call-template name="csrf"/>
        <fieldset>
          <legend><xsl:value-of select="nb:s('ed-schedule-status')"/></legend>
          <div class="choice">
            <input type="radio" id="s-publish" name="hva" value="publish" checked="checked"/>
            <label for="s-publish"><xsl:value-of select="nb:s('ed-scheduled-publish')"/></label>
          </div>
          <div class="choice">
            <input type="radio" id="s-unpublish" name="hva" value="unpublish"/>
            <label for="s-unpublish"><xsl:value-of select="nb:s('ed-scheduled-unpublish')"/></label>
          </div>
          <div class="field">
            <label for="s-time"><xsl:value-of select="nb:s('ed-when')"/></label>
            <input id="s-time" type="datetime-local" name="tidspunkt" required="required"/>
          </div>
        </fieldset>
        <button type="submit" name="handling" value="planlegg"><xsl:value-of select="nb:s('ed-schedule')"/></button>
      </form>
      <xsl:if test="page/@kind != 'news' and page/@kind != 'meeting'">
        <form method="post" action="{editor/@url}" class="tool-form">
          <xsl:call-template name="csrf"/>
          <fieldset>
            <legend><xsl:value-of select="nb:s('ed-review-next')"/></legend>
            <p class="hint" id="r-next-hint"><xsl:value-of select="nb:s('ed-review-hint')"/></p>
            <div class="field">
              <label for="r-next"><xsl:value-of select="nb:s('ed-review-date')"/></label>
              <input id="r-next" type="date" name="neste" value="{review/@date}" aria-describedby="r-next-hint"/>
            </div>
            <div class="field">
              <label for="r-by"><xsl:value-of select="nb:s('ed-review-by')"/></label>
              <input id="r-by" type="text" name="ansvarlig" value="{review/@by}" maxlength="100" autocomplete="username"/>
            </div>
          </fieldset>
          <button type="submit" name="handling" value="gjennomgang-lagre"><xsl:value-of select="nb:s('ed-review-save')"/></button>
          <xsl:text> </xsl:text>
          <button type="submit" name="handling" value="gjennomgatt"><xsl:value-of select="nb:s('ed-reviewed')"/></button>
        </form>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="naering[@view='scheduled']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-scheduled')"/></h1>
    <xsl:choose>
      <xsl:when test="scheduled/change">
        <xsl:call-template name="scheduled-table">
          <xsl:with-param name="from" select="'planlagt'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="nb:s('ed-scheduled-none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="naering[@view='review']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-review')"/></h1>
    <p><xsl:value-of select="nb:s('ed-review-intro')"/></p>
    <xsl:choose>
      <xsl:when test="reviews/page">
        <table class="editor-table" tabindex="0">
          <caption><xsl:value-of select="nb:s('ed-review-caption')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="nb:s('ed-review-date')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('field-title')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('ed-review-by')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('ed-review-last')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="reviews/page">
              <tr>
                <td>
                  <xsl:call-template name="when"><xsl:with-param name="t" select="due"/><xsl:with-param name="clock" select="false()"/></xsl:call-template>
                  <xsl:if test="@overdue = 'true'"><xsl:value-of select="concat(' (', nb:s('ed-review-overdue'), ')')"/></xsl:if>
                </td>
                <td><a href="{@edit-url}"><xsl:value-of select="title"/></a></td>
                <td><xsl:value-of select="@by"/></td>
                <td>
                  <xsl:call-template name="when"><xsl:with-param name="t" select="changed"/><xsl:with-param name="clock" select="false()"/></xsl:call-template>
                  <xsl:value-of select="concat(' ', nb:s('by'), ' ', @author)"/>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="nb:s('ed-review-none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What the accessibility checks say about the text in the form:
       warnings, never refusals; each explained, with its criterion. -->
  <xsl:template match="a11y" mode="form">
    <section class="a11y-warnings" aria-labelledby="a11y-title">
      <h2 id="a11y-title"><xsl:value-of select="concat(nb:s('ed-a11y-warnings'), ' (', @count, ')')"/></h2>
      <p class="hint"><xsl:value-of select="nb:s('ed-a11y-intro')"/></p>
      <ul>
        <xsl:apply-templates select="warning"/>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="a11y/warning">
    <li>
      <xsl:value-of select="nb:s(concat('a11y-', @kind))"/>
      <xsl:if test="normalize-space(.) != ''">
        <xsl:text> </xsl:text>
        <span class="excerpt"><xsl:value-of select="concat('«', ., '»')"/></span>
      </xsl:if>
      <xsl:text> </xsl:text>
      <xsl:call-template name="wcag-link"><xsl:with-param name="sc" select="@criterion"/></xsl:call-template>
    </li>
  </xsl:template>

  <!-- The criterion explained, in W3C's quick reference: the ones
       text/a11y.c gives (1.1.1, 1.3.1, 2.4.4; 3.1.5 otherwise). -->
  <xsl:template name="wcag-link">
    <xsl:param name="sc"/>
    <xsl:variable name="anchor">
      <xsl:choose>
        <xsl:when test="$sc = '1.1.1'">non-text-content</xsl:when>
        <xsl:when test="$sc = '1.3.1'">info-and-relationships</xsl:when>
        <xsl:when test="$sc = '2.4.4'">link-purpose-in-context</xsl:when>
        <xsl:otherwise>reading-level</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <a class="wcag" href="https://www.w3.org/WAI/WCAG21/quickref/#{$anchor}">
      <xsl:value-of select="concat('WCAG ', $sc)"/>
    </a>
  </xsl:template>

  <!-- The page in other languages: linked, unlinked, a link added. -->
  <xsl:template name="translations-tools">
    <xsl:variable name="ed" select="/naering/editor"/>
    <section class="page-tools translations" aria-labelledby="translations-title">
      <h2 id="translations-title"><xsl:value-of select="nb:s('ed-translations')"/></h2>
      <xsl:choose>
        <xsl:when test="translations/page[not(@current)]">
          <ul>
            <xsl:for-each select="translations/page[not(@current)]">
              <li>
                <span lang="{@lang}"><xsl:value-of select="."/></span>
                <xsl:value-of select="concat(' (', nb:s(concat('lang-', @lang)), ', ', @path, ')')"/>
                <xsl:if test="@hidden"><xsl:value-of select="concat(' (', nb:s('draft-mark'), ')')"/></xsl:if>
                <form method="post" action="{$ed/@url}" class="inline-form" aria-label="{concat(nb:s('ed-translation-unlink'), ': ', ., ' (', nb:s(concat('lang-', @lang)), ')')}">
                  <xsl:call-template name="csrf"/>
                  <input type="hidden" name="id" value="{@id}"/>
                  <button type="submit" name="handling" value="fjern-oversettelse">
                    <xsl:value-of select="nb:s('ed-translation-unlink')"/>
                    <span class="visually-hidden"><xsl:value-of select="concat(': ', ., ' (', nb:s(concat('lang-', @lang)), ')')"/></span>
                  </button>
                </form>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p><xsl:value-of select="nb:s('ed-translations-none')"/></p></xsl:otherwise>
      </xsl:choose>
      <form method="post" action="{$ed/@url}" aria-label="{nb:s('ed-translation-link')}">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="koble-oversettelse"/>
        <div class="field">
          <label for="f-oversettelse"><xsl:value-of select="nb:s('field-oversettelse')"/></label>
          <p class="hint" id="f-oversettelse-hint"><xsl:value-of select="nb:s('hint-oversettelse')"/></p>
          <input id="f-oversettelse" name="oversettelse" type="text" aria-describedby="f-oversettelse-hint" required="required"/>
        </div>
        <div class="actions"><button type="submit"><xsl:value-of select="nb:s('ed-translation-link')"/></button></div>
      </form>
    </section>
  </xsl:template>

  <xsl:template name="form-errors">
    <xsl:if test="form/error">
      <div class="error-summary" role="alert" tabindex="-1">
        <h2><xsl:value-of select="nb:s('ed-errors')"/></h2>
        <ul>
          <xsl:for-each select="form/error">
            <li>
              <a href="#f-{@field}">
                <xsl:value-of select="concat(nb:s(concat('field-', current()/@field)), ': ', nb:s(concat('error-', current()/@key)))"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Move, reorder, delete: each its own small form. -->
  <xsl:template name="page-tools">
    <xsl:variable name="ed" select="/naering/editor"/>
    <section class="page-tools" aria-labelledby="tools-title">
      <h2 id="tools-title"><xsl:value-of select="nb:s('ed-tools')"/></h2>
      <!-- The places a page can move to, found by a plain GET form (no
           script), so a site of 10,000 pages does not list them all. -->
      <form method="get" action="{$ed/@url}" class="parent-search" aria-label="{nb:s('ed-parent-search')}">
        <div class="field">
          <label for="f-forelder"><xsl:value-of select="nb:s('ed-parent-search')"/></label>
          <p class="hint" id="f-forelder-hint"><xsl:value-of select="nb:s('hint-parent-search')"/></p>
          <input id="f-forelder" name="forelder" type="search" value="{targets/@query}" aria-describedby="f-forelder-hint"/>
        </div>
        <div class="actions"><button type="submit"><xsl:value-of select="nb:s('search')"/></button></div>
      </form>
      <form method="post" action="{$ed/@url}" class="move-form" aria-label="{nb:s('ed-move-form')}">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="flytt"/>
        <div class="field">
          <label for="f-parent"><xsl:value-of select="nb:s('field-parent')"/></label>
          <select id="f-parent" name="parent">
            <xsl:for-each select="targets/entry">
              <xsl:variable name="depth" select="string-length(@path) - string-length(translate(@path, '/', ''))"/>
              <option value="{@path}">
                <xsl:if test="@path = /naering/page/@parent-path"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="substring('                                                            ', 1, 3 * ($depth - 1))"/>
                <xsl:value-of select="title"/>
                <xsl:if test="@draft"><xsl:value-of select="concat(' (', nb:s('draft-mark'), ')')"/></xsl:if>
                <xsl:value-of select="concat(' – ', @path)"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
        <xsl:call-template name="field">
          <xsl:with-param name="name" select="'slug'"/>
          <xsl:with-param name="value" select="page/@slug"/>
          <xsl:with-param name="max" select="100"/>
        </xsl:call-template>
        <div class="actions"><button type="submit"><xsl:value-of select="nb:s('ed-move')"/></button></div>
      </form>
      <form method="post" action="{$ed/@url}" class="inline-form" aria-label="{nb:s('ed-order-form')}">
        <xsl:call-template name="csrf"/>
        <button type="submit" name="handling" value="opp"><xsl:value-of select="nb:s('ed-up')"/></button>
        <button type="submit" name="handling" value="ned"><xsl:value-of select="nb:s('ed-down')"/></button>
      </form>
      <form method="post" action="{$ed/@url}" class="inline-form" aria-label="{nb:s('ed-delete-form')}">
        <xsl:call-template name="csrf"/>
        <button type="submit" name="handling" value="slett" class="danger"><xsl:value-of select="nb:s('ed-delete')"/></button>
      </form>
    </section>
  </xsl:template>

  <!-- ==== new page ==== -->
  <xsl:template match="naering[@view='new']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-new'), ' ', page/title)"/></h1>
    <xsl:call-template name="form-errors"/>
    <form class="editor-form" method="post" action="{editor/@url}" data-warn-unsaved="">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="handling" value="opprett"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'slug'"/>
        <xsl:with-param name="value" select="form/@slug"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="page-fields"/>
      <div class="actions">
        <button type="submit" class="primary"><xsl:value-of select="nb:s('ed-create')"/></button>
      </div>
    </form>
  </xsl:template>

  <!-- ==== conflict ==== -->
  <xsl:template match="naering[@view='conflict']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-conflict')"/></h1>
    <div class="error-summary" role="alert">
      <p>
        <xsl:value-of select="concat(nb:s('ed-conflict-text'), ' ')"/>
        <strong><xsl:value-of select="diff/@to-by"/></strong>
        <xsl:text> (</xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="iso" select="diff/@to-time"/></xsl:call-template>
        <xsl:text>). </xsl:text>
        <xsl:value-of select="nb:s('ed-conflict-help')"/>
      </p>
    </div>
    <div class="conflict">
      <section aria-labelledby="theirs-title">
        <h2 id="theirs-title"><xsl:value-of select="nb:s('ed-theirs')"/></h2>
        <xsl:apply-templates select="diff" mode="words"/>
      </section>
      <section aria-labelledby="mine-title">
        <h2 id="mine-title"><xsl:value-of select="nb:s('ed-mine')"/></h2>
        <form class="editor-form" method="post" action="{editor/@url}" data-warn-unsaved="">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="revision" value="{form/@revision}"/>
          <xsl:call-template name="page-fields"/>
          <div class="actions">
            <button type="submit" name="handling" value="forhandsvis"><xsl:value-of select="nb:s('ed-preview')"/></button>
            <button type="submit" name="handling" value="lagre" class="primary"><xsl:value-of select="nb:s('ed-save-merged')"/></button>
          </div>
        </form>
      </section>
    </div>
  </xsl:template>

  <!-- A word diff: <same>, <del>, <ins> runs in reading order. -->
  <xsl:template match="diff" mode="words">
    <div class="diff">
      <h3><xsl:value-of select="nb:s('field-title')"/></h3>
      <p class="diff-text"><xsl:apply-templates select="title/*" mode="run"/></p>
      <h3><xsl:value-of select="nb:s('field-body')"/></h3>
      <div class="diff-text diff-body"><xsl:apply-templates select="body/*" mode="run"/></div>
    </div>
  </xsl:template>

  <xsl:template match="same" mode="run"><span><xsl:value-of select="."/></span></xsl:template>
  <xsl:template match="del" mode="run">
    <del><span class="visually-hidden"><xsl:value-of select="concat('[', nb:s('ed-removed'), ': ')"/></span><xsl:value-of select="."/><span class="visually-hidden">]</span></del>
  </xsl:template>
  <xsl:template match="ins" mode="run">
    <ins><span class="visually-hidden"><xsl:value-of select="concat('[', nb:s('ed-added'), ': ')"/></span><xsl:value-of select="."/><span class="visually-hidden">]</span></ins>
  </xsl:template>

  <!-- ==== history ==== -->
  <xsl:template match="naering[@view='history']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-history'), ': ', page/title)"/></h1>
    <form method="get" action="{editor/@url}">
      <input type="hidden" name="vis" value="diff"/>
      <table class="editor-table" tabindex="0">
        <caption><xsl:value-of select="nb:s('ed-history-caption')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="nb:s('ed-version')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-when')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-who')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('field-comment')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-compare-from')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-compare-to')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="history/revision">
            <tr>
              <td>
                <xsl:value-of select="@id"/>
                <xsl:if test="@current"><xsl:value-of select="concat(' (', nb:s('ed-current'), ')')"/></xsl:if>
                <xsl:if test="@scheduled"><xsl:value-of select="concat(' (', nb:s(concat('ed-rev-', @scheduled)), ')')"/></xsl:if>
              </td>
              <td><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template></td>
              <td><xsl:value-of select="@by"/></td>
              <td><xsl:value-of select="comment"/></td>
              <td>
                <input type="radio" name="fra" value="{@id}" id="fra-{@id}" aria-label="{concat(nb:s('ed-compare-from'), ' ', @id)}">
                  <xsl:if test="position() = 2"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>
              </td>
              <td>
                <input type="radio" name="til" value="{@id}" id="til-{@id}" aria-label="{concat(nb:s('ed-compare-to'), ' ', @id)}">
                  <xsl:if test="position() = 1"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <div class="actions"><button type="submit"><xsl:value-of select="nb:s('ed-compare')"/></button></div>
    </form>
    <xsl:if test="doc-events/event">
      <table class="editor-table" tabindex="0">
        <caption><xsl:value-of select="nb:s('ed-doc-history')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="nb:s('ed-when')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-who')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-what')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-doc-title')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="doc-events/event">
            <tr>
              <td><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template></td>
              <td><xsl:value-of select="@by"/></td>
              <td>
                <xsl:value-of select="nb:s(concat('doc-event-', current()/@action))"/>
                <xsl:if test="detail != ''"><xsl:value-of select="concat(' (', detail, ')')"/></xsl:if>
              </td>
              <td><xsl:value-of select="title"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
    <xsl:if test="image-events/event">
      <table class="editor-table" tabindex="0">
        <caption><xsl:value-of select="nb:s('ed-image-history')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="nb:s('ed-when')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-who')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-what')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-image-name')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="image-events/event">
            <tr>
              <td><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template></td>
              <td><xsl:value-of select="@by"/></td>
              <td>
                <xsl:value-of select="nb:s(concat('image-event-', current()/@action))"/>
                <xsl:if test="detail != ''"><xsl:value-of select="concat(' ', detail)"/></xsl:if>
              </td>
              <td><xsl:value-of select="title"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- ==== diff ==== -->
  <xsl:template match="naering[@view='diff']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-diff'), ': ', page/title)"/></h1>
    <p>
      <xsl:value-of select="concat(nb:s('ed-version'), ' ', diff/@from, ' (', diff/@from-by, ') → ', nb:s('ed-version'), ' ', diff/@to, ' (', diff/@to-by, ')')"/>
    </p>
    <xsl:apply-templates select="diff" mode="words"/>
    <xsl:for-each select="diff">
      <form method="post" action="{/naering/editor/@url}" class="inline-form">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="gjenopprett"/>
        <input type="hidden" name="restore" value="{@from}"/>
        <button type="submit"><xsl:value-of select="concat(nb:s('ed-restore'), ' ', @from)"/></button>
      </form>
    </xsl:for-each>
  </xsl:template>

  <!-- ==== trash ==== -->
  <xsl:template match="naering[@view='trash']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-trash')"/></h1>
    <xsl:choose>
      <xsl:when test="trash/entry">
        <table class="editor-table" tabindex="0">
          <caption><xsl:value-of select="nb:s('ed-trash-caption')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="nb:s('field-title')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('ed-address')"/></th>
              <th scope="col"><xsl:value-of select="nb:s('ed-deleted')"/></th>
              <th scope="col"><span class="visually-hidden"><xsl:value-of select="nb:s('ed-untrash')"/></span></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="trash/entry">
              <tr>
                <td><xsl:value-of select="title"/></td>
                <td><xsl:value-of select="@path"/></td>
                <td><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@time"/></xsl:call-template></td>
                <td>
                  <form method="post" action="{/naering/editor/@home}" class="inline-form">
                    <xsl:call-template name="csrf"/>
                    <input type="hidden" name="handling" value="angre-sletting"/>
                    <input type="hidden" name="id" value="{@id}"/>
                    <button type="submit"><xsl:value-of select="nb:s('ed-untrash')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', title)"/></span></button>
                  </form>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="nb:s('ed-trash-empty')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ==== recent changes ==== -->
  <xsl:template match="naering[@view='changes']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-changes')"/></h1>
    <table class="editor-table" tabindex="0">
      <caption><xsl:value-of select="nb:s('ed-changes-caption')"/></caption>
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="nb:s('ed-when')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('field-title')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('ed-who')"/></th>
          <th scope="col"><xsl:value-of select="nb:s('field-comment')"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="changes/change">
          <tr>
            <td><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template></td>
            <td>
              <a href="{@edit-url}"><xsl:value-of select="title"/></a>
              <xsl:if test="@draft = 'true'"><xsl:value-of select="concat(' (', nb:s('status-draft'), ')')"/></xsl:if>
              <xsl:if test="@deleted = 'true'"><xsl:value-of select="concat(' (', nb:s('ed-deleted'), ')')"/></xsl:if>
              <xsl:if test="@scheduled"><xsl:value-of select="concat(' (', nb:s(concat('ed-rev-', @scheduled)), ')')"/></xsl:if>
            </td>
            <td><xsl:value-of select="@by"/></td>
            <td><xsl:value-of select="comment"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- ==== the site's details (the footer) ==== -->
  <xsl:template match="naering[@view='site']" mode="main">
    <xsl:variable name="f" select="form"/>
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-site')"/></h1>
    <p><xsl:value-of select="nb:s('ed-site-intro')"/></p>
    <xsl:call-template name="form-errors"/>
    <form class="editor-form" method="post" action="{editor/@home}" data-warn-unsaved="">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="revision" value="{$f/@revision}"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'organisation'"/>
        <xsl:with-param name="value" select="$f/organisation"/>
        <xsl:with-param name="max" select="200"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'about'"/>
        <xsl:with-param name="value" select="$f/about"/>
        <xsl:with-param name="max" select="500"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'address'"/>
        <xsl:with-param name="value" select="$f/address"/>
        <xsl:with-param name="max" select="300"/>
        <xsl:with-param name="type" select="'textarea'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="value" select="$f/phone"/>
        <xsl:with-param name="max" select="40"/>
        <xsl:with-param name="type" select="'tel'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="value" select="$f/email"/>
        <xsl:with-param name="max" select="200"/>
        <xsl:with-param name="type" select="'email'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name" select="'statement'"/>
        <xsl:with-param name="value" select="$f/statement"/>
        <xsl:with-param name="max" select="500"/>
      </xsl:call-template>
      <div class="actions">
        <button type="submit" name="handling" value="lagre-nettsted" class="primary"><xsl:value-of select="nb:s('ed-save')"/></button>
      </div>
    </form>
    <xsl:if test="site-history/details">
      <table class="editor-table" tabindex="0">
        <caption><xsl:value-of select="nb:s('ed-site-history')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="nb:s('ed-when')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-who')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('field-organisation')"/></th>
            <th scope="col"><xsl:value-of select="nb:s('ed-site-contact')"/></th>
            <th scope="col"><span class="visually-hidden"><xsl:value-of select="nb:s('ed-site-restore')"/></span></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="site-history/details">
            <tr>
              <td><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template></td>
              <td><xsl:value-of select="@by"/></td>
              <td><xsl:value-of select="organisation"/></td>
              <td><xsl:value-of select="normalize-space(concat(address, ' ', phone, ' ', email))"/></td>
              <td>
                <xsl:choose>
                  <xsl:when test="@current"><xsl:value-of select="nb:s('ed-current')"/></xsl:when>
                  <xsl:otherwise>
                    <form method="post" action="{/naering/editor/@home}" class="inline-form">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="handling" value="nettsted-tilbake"/>
                      <input type="hidden" name="id" value="{@id}"/>
                      <button type="submit"><xsl:value-of select="nb:s('ed-site-restore')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', nb:s('ed-site-from'), ' ')"/><xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template></span></button>
                    </form>
                  </xsl:otherwise>
                </xsl:choose>
              </td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- ==== documents ==== -->
  <xsl:template match="naering[@view='documents']" mode="main">
    <xsl:variable name="ed" select="editor"/>
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-documents'), ': ', page/title)"/></h1>
    <xsl:if test="refused">
      <div class="error-summary" role="alert" tabindex="-1">
        <h2><xsl:value-of select="nb:s('ed-upload-refused')"/></h2>
        <p>
          <xsl:if test="refused/@file != ''">
            <strong><xsl:value-of select="refused/@file"/></strong><xsl:text>: </xsl:text>
          </xsl:if>
          <xsl:value-of select="nb:s(concat('upload-', current()/refused/@key))"/>
          <xsl:if test="refused/@key = 'too-large'">
            <xsl:text> </xsl:text>
            <xsl:call-template name="upload-limit"/>
          </xsl:if>
        </p>
      </div>
    </xsl:if>
    <section aria-labelledby="upload-title">
      <h2 id="upload-title"><xsl:value-of select="nb:s('ed-upload')"/></h2>
      <p class="hint">
        <xsl:value-of select="nb:s('hint-upload')"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="upload-limit"/>
      </p>
      <form class="editor-form upload-form" method="post" action="{$ed/@url}" enctype="multipart/form-data" data-max-upload="{$ed/@max-upload}">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="last-opp"/>
        <xsl:call-template name="upload-slot"><xsl:with-param name="n" select="1"/></xsl:call-template>
        <xsl:call-template name="upload-slot"><xsl:with-param name="n" select="2"/></xsl:call-template>
        <xsl:call-template name="upload-slot"><xsl:with-param name="n" select="3"/></xsl:call-template>
        <div class="actions"><button type="submit" class="primary"><xsl:value-of select="nb:s('ed-upload-button')"/></button></div>
      </form>
    </section>
    <section aria-labelledby="doclist-title">
      <h2 id="doclist-title"><xsl:value-of select="concat(nb:s('documents'), ' (', page/documents/@count, ')')"/></h2>
      <xsl:if test="not(doc-list/doc[not(@trashed)])"><p><xsl:value-of select="nb:s('ed-no-documents')"/></p></xsl:if>
      <xsl:for-each select="doc-list/doc[not(@trashed)]">
        <xsl:call-template name="doc-card"/>
      </xsl:for-each>
    </section>
    <xsl:if test="doc-list/doc[@trashed]">
      <section aria-labelledby="doctrash-title">
        <h2 id="doctrash-title"><xsl:value-of select="nb:s('ed-doc-trash')"/></h2>
        <ul class="doc-trash">
          <xsl:for-each select="doc-list/doc[@trashed]">
            <li>
              <xsl:value-of select="concat(title, ' (', @filename, ') ')"/>
              <form method="post" action="{$ed/@url}" class="inline-form">
                <xsl:call-template name="csrf"/>
                <input type="hidden" name="dok" value="{@id}"/>
                <button type="submit" name="handling" value="dok-tilbake"><xsl:value-of select="nb:s('ed-untrash')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', title)"/></span></button>
              </form>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="upload-slot">
    <xsl:param name="n"/>
    <fieldset class="upload-slot">
      <legend><xsl:value-of select="concat(nb:s('ed-file'), ' ', $n)"/></legend>
      <div class="field">
        <label for="f-fil{$n}"><xsl:value-of select="nb:s('ed-choose-file')"/></label>
        <input id="f-fil{$n}" name="fil{$n}" type="file"/>
      </div>
      <div class="field">
        <label for="f-tittel{$n}"><xsl:value-of select="nb:s('ed-doc-title')"/></label>
        <input id="f-tittel{$n}" name="tittel{$n}" type="text" maxlength="200"/>
      </div>
    </fieldset>
  </xsl:template>

  <!-- One document: link, facts, rename, replace, order, trash, versions. -->
  <xsl:template name="doc-card">
    <xsl:variable name="ed" select="/naering/editor"/>
    <article class="doc-card" aria-labelledby="doc-{@id}-title">
      <h3 id="doc-{@id}-title"><a href="{@url}"><xsl:value-of select="title"/></a></h3>
      <p class="doc-meta">
        <xsl:value-of select="concat(@filename, ', ')"/>
        <xsl:call-template name="size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template>
        <xsl:if test="@text = 'failed'"><xsl:value-of select="concat('. ', nb:s('doc-text-failed'))"/></xsl:if>
      </p>
      <xsl:call-template name="doc-checks"/>
      <form method="post" action="{$ed/@url}" class="inline-form">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="dok" value="{@id}"/>
        <label for="doc-{@id}-rename"><xsl:value-of select="nb:s('ed-doc-title')"/></label>
        <input id="doc-{@id}-rename" name="tittel" type="text" maxlength="200" value="{title}"/>
        <button type="submit" name="handling" value="dok-tittel"><xsl:value-of select="nb:s('ed-rename')"/></button>
      </form>
      <form method="post" action="{$ed/@url}" class="inline-form" enctype="multipart/form-data">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="erstatt"/>
        <input type="hidden" name="dok" value="{@id}"/>
        <label for="doc-{@id}-replace"><xsl:value-of select="nb:s('ed-replace-with')"/></label>
        <input id="doc-{@id}-replace" name="fil1" type="file"/>
        <button type="submit"><xsl:value-of select="nb:s('ed-replace')"/></button>
      </form>
      <form method="post" action="{$ed/@url}" class="inline-form">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="dok" value="{@id}"/>
        <button type="submit" name="handling" value="dok-opp"><xsl:value-of select="nb:s('ed-doc-up')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', title)"/></span></button>
        <button type="submit" name="handling" value="dok-ned"><xsl:value-of select="nb:s('ed-doc-down')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', title)"/></span></button>
        <button type="submit" name="handling" value="dok-slett" class="danger"><xsl:value-of select="nb:s('ed-delete')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', title)"/></span></button>
      </form>
      <xsl:if test="version[2]">
        <details class="versions">
          <summary><xsl:value-of select="concat(nb:s('ed-versions'), ' (', count(version), ')')"/></summary>
          <ul>
            <xsl:for-each select="version">
              <li>
                <a href="{@url}"><xsl:value-of select="concat(nb:s('ed-version'), ' ', @id)"/></a>
                <xsl:text>, </xsl:text>
                <xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template>
                <xsl:value-of select="concat(', ', @by, ', ')"/>
                <xsl:call-template name="size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template>
                <xsl:choose>
                  <xsl:when test="@current"><xsl:value-of select="concat(' (', nb:s('ed-current'), ')')"/></xsl:when>
                  <xsl:otherwise>
                    <form method="post" action="{$ed/@url}" class="inline-form">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="versjon" value="{@id}"/>
                      <button type="submit" name="handling" value="dok-versjon"><xsl:value-of select="concat(nb:s('ed-restore'), ' ', @id)"/></button>
                    </form>
                  </xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each>
          </ul>
        </details>
      </xsl:if>
    </article>
  </xsl:template>

  <!-- "Høyst 50 MB per fil (uten JavaScript: til sammen)." from the
       site's NaeringMaxUpload. -->
  <xsl:template name="upload-limit">
    <xsl:variable name="mb" select="/naering/editor/@max-upload div 1048576"/>
    <xsl:value-of select="concat(nb:s('upload-limit-at-most'), ' ')"/>
    <xsl:choose>
      <xsl:when test="$mb &gt;= 1"><xsl:value-of select="concat(round($mb), ' MB')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat(ceiling(/naering/editor/@max-upload div 1024), ' kB')"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="concat(' ', nb:s('upload-limit-per-file'))"/>
  </xsl:template>

  <!-- A PDF's accessibility warnings, each with what to do. -->
  <xsl:template name="doc-checks">
    <xsl:if test="@checks">
      <div class="doc-warnings" role="note">
        <p><strong><xsl:value-of select="nb:s('doc-checks-title')"/></strong></p>
        <ul>
          <xsl:call-template name="doc-check-items">
            <xsl:with-param name="keys" select="concat(normalize-space(@checks), ' ')"/>
          </xsl:call-template>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="doc-check-items">
    <xsl:param name="keys"/>
    <xsl:if test="$keys != ''">
      <xsl:variable name="key" select="substring-before($keys, ' ')"/>
      <xsl:variable name="text" select="nb:s(concat('check-', $key))"/>
      <li>
        <xsl:choose>
          <xsl:when test="$text"><xsl:value-of select="$text"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
        </xsl:choose>
      </li>
      <xsl:call-template name="doc-check-items">
        <xsl:with-param name="keys" select="substring-after($keys, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ==== the site's documents that should be fixed ==== -->
  <xsl:template match="naering[@view='doc-checks']" mode="main">
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="nb:s('ed-title-doc-checks')"/></h1>
    <p><xsl:value-of select="nb:s('ed-doc-checks-intro')"/></p>
    <xsl:choose>
      <xsl:when test="docs-to-fix/doc">
        <xsl:for-each select="docs-to-fix/doc">
          <article class="doc-card" aria-labelledby="fix-{@id}-title">
            <h2 id="fix-{@id}-title"><a href="{@url}"><xsl:value-of select="title"/></a></h2>
            <p class="doc-meta">
              <xsl:value-of select="concat(@filename, ', ', nb:s('search-on-page'), ' ')"/>
              <a href="{@edit}?vis=dokumenter"><xsl:value-of select="@page"/></a>
            </p>
            <xsl:call-template name="doc-checks"/>
          </article>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><p><xsl:value-of select="nb:s('ed-doc-checks-none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "29. november 2026 kl. 21.05" -->
  <xsl:template name="date-time">
    <xsl:param name="iso"/>
    <xsl:call-template name="date"><xsl:with-param name="iso" select="$iso"/></xsl:call-template>
    <xsl:value-of select="concat(' ', nb:s('at-clock'), ' ', substring($iso, 12, 2), '.', substring($iso, 15, 2))"/>
  </xsl:template>
</xsl:stylesheet>
