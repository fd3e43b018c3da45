-- Drives "guides lsp" as a contributor in Neovim would: open a guide,
-- see its findings as keys and categories are typed, complete a category
-- id, go to a category's file, and apply the fix of "title: A: B".
--
-- Run headless by TestNeovim, with the environment GUIDES (the guides
-- command), ROOT (the collection) and RESULT (the file it writes: one line
-- "ok STEP" or "fail STEP: WHY" for each step, and "time STEP MS" for the
-- time a finding took to show). Written for Neovim 0.7 and later.

local guides, root, result = os.getenv('GUIDES'), os.getenv('ROOT'), os.getenv('RESULT')
local out = assert(io.open(result, 'w'))
local function say(line)
  out:write(line .. '\n')
  out:flush()
end

-- The findings the server published last, by URI.
local findings = {}
local handlers = {
  ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
    findings[res.uri] = res.diagnostics
    return vim.lsp.handlers['textDocument/publishDiagnostics'](err, res, ctx, config)
  end,
}

local client = vim.lsp.start_client({
  name = 'guides',
  cmd = { guides, 'lsp' },
  cmd_cwd = root,
  root_dir = root,
  handlers = handlers,
  flags = { debounce_text_changes = 50 },
})
if not client then
  say('fail start: the client did not start')
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/data/guides/guide.md'))
local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
vim.lsp.buf_attach_client(buf, client)

-- finding returns the first finding of the buffer whose message holds
-- text, or nil.
local function finding(text)
  for _, d in ipairs(findings[uri] or {}) do
    if string.find(d.message, text, 1, true) then
      return d
    end
  end
  return nil
end

-- step runs one step, which returns nil or why it failed.
local function step(name, f)
  local ok, why = pcall(f)
  if not ok then
    say('fail ' .. name .. ': ' .. tostring(why))
  elseif why then
    say('fail ' .. name .. ': ' .. why)
  else
    say('ok ' .. name)
  end
end

-- typed replaces line n (1-based) with text, as typing it would, and
-- waits until a finding holding want shows (or, with gone, until none
-- does), saying how long it took.
local function typed(name, n, text, want, gone)
  vim.api.nvim_buf_set_lines(buf, n - 1, n, false, { text })
  local start = vim.loop.hrtime()
  local shown = vim.wait(10000, function()
    if gone then
      return findings[uri] ~= nil and finding(want) == nil
    end
    return finding(want) ~= nil
  end, 10)
  say(string.format('time %s %d', name, (vim.loop.hrtime() - start) / 1e6))
  if not shown then
    return 'no finding "' .. want .. '" after typing ' .. text .. '; findings: ' .. vim.inspect(findings[uri])
  end
end

step('diagnostics', function()
  if not vim.wait(10000, function() return findings[uri] ~= nil end, 10) then
    return 'no findings published for the guide'
  end
  if #findings[uri] ~= 0 then
    return 'findings in a good guide: ' .. vim.inspect(findings[uri])
  end
end)

step('misspelt key', function()
  return typed('misspelt-key', 6, 'tgas: [caching]', 'unknown key "tgas"; did you mean "tags"?')
end)

step('unknown category', function()
  return typed('unknown-category', 5, '  - cachng', 'unknown category "cachng"; did you mean "caching"?')
end)

-- position returns the protocol's position after the text of line n.
local function after(n)
  local line = vim.api.nvim_buf_get_lines(buf, n - 1, n, false)[1]
  return { line = n - 1, character = #line }
end

-- request asks the server, and returns its result.
local function request(method, params)
  local res = vim.lsp.buf_request_sync(buf, method, params, 10000)
  if not res or not res[client] then
    error('no answer to ' .. method)
  end
  if res[client].err then
    error(method .. ': ' .. vim.inspect(res[client].err))
  end
  return res[client].result
end

step('completion', function()
  vim.api.nvim_buf_set_lines(buf, 4, 5, false, { '  - caching-p' })
  local res = request('textDocument/completion', { textDocument = { uri = uri }, position = after(5) })
  local items = res and (res.items or res) or {}
  for _, item in ipairs(items) do
    if item.label == 'caching-patterns' then
      vim.lsp.util.apply_text_edits({ item.textEdit }, buf, 'utf-16')
      local line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
      if line ~= '  - caching-patterns' then
        return 'the completion wrote ' .. line
      end
      return nil
    end
  end
  return 'no completion caching-patterns: ' .. vim.inspect(items)
end)

step('definition', function()
  local res = request('textDocument/definition', { textDocument = { uri = uri }, position = { line = 4, character = 6 } })
  if not res then
    return 'no definition'
  end
  if res.uri == nil then
    res = res[1]
  end
  vim.lsp.util.jump_to_location(res, 'utf-16')
  local name = vim.api.nvim_buf_get_name(0)
  vim.cmd('buffer ' .. buf)
  if not string.find(name, '/data/categories/caching-patterns.md', 1, true) then
    return 'jumped to ' .. name
  end
end)

step('quote fix', function()
  local why = typed('colon-in-title', 2, 'title: A: B', 'needs quotes')
  if why then
    return why
  end
  local d = finding('needs quotes')
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 1, character = 0 }, ['end'] = { line = 1, character = 0 } },
    context = { diagnostics = { d } },
  }) or {}
  for _, a in ipairs(actions) do
    if a.title == 'Quote the value' then
      vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
      local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
      if line ~= "title: 'A: B'" then
        return 'the fix wrote ' .. line
      end
      if not vim.wait(10000, function() return finding('needs quotes') == nil end, 10) then
        return 'the finding stays after the fix'
      end
      return nil
    end
  end
  return 'no action "Quote the value": ' .. vim.inspect(actions)
end)

vim.lsp.stop_client(client)
vim.wait(5000, function() return vim.lsp.get_client_by_id(client) == nil end, 10)
say('done')
out:close()
vim.cmd('qa!')
